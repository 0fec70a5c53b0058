package platform

import (
	"slices"
	"testing"
)

// API consumers meet the API's tags first and the admin panel's HTML pages last, every tag
// with a description.
func TestTheDocumentTagsAreDescribedInReadingOrder(t *testing.T) {
	t.Parallel()
	var names []string
	for _, tag := range apiInfo.Tags {
		names = append(names, tag.Name)
		if tag.Description == "" {
			t.Errorf("tag %q has no description", tag.Name)
		}
	}
	if len(names) < 4 || !slices.Equal(names[:4], []string{"auth", "products", "orders", "payments"}) || names[len(names)-1] != "admin panel" {
		t.Errorf("tags %q: want the API's first and the admin panel last", names)
	}
}
