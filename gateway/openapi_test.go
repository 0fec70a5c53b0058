package gateway_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.uber.org/fx"
	"go.uber.org/fx/fxtest"

	"github.com/modmono/auth"
	"github.com/modmono/orders"
	"github.com/modmono/payments"
	"github.com/modmono/platform"
	"github.com/modmono/platform/config"
)

// inProcess are the contexts cmd/gateway runs in process by default, in its order;
// TestDocumentTestRunsEveryContextOfTheGateway holds the names to main.go.
var inProcess = []struct {
	name   string
	module fx.Option
}{{"auth", auth.Module}, {"orders", orders.Module}, {"payments", payments.Module}}

// pendingInContract are operations of API.md that no context serves yet ("POST /x": "#issue");
// the test fails once one is served, so the list only shrinks.
var pendingInContract = map[string]string{}

// The document must describe exactly the routes the router serves, and everything API.md
// promises. One app serves every subtest; it reads some configuration from the process
// environment, hence Setenv and no t.Parallel.
func TestOpenAPIDocumentIsTrueToTheRouterAndTheContract(t *testing.T) {
	srv := startInProcess(t)
	url := "http://" + srv.Addr().String()
	raw := fetch(t, url+"/openapi.json")
	doc := parseDocument(t, raw)
	var router []string
	for _, r := range srv.Routes() {
		router = append(router, r.Method+" "+r.Path)
	}

	t.Run("every route is documented, every operation routed", func(t *testing.T) {
		if m := mismatches(doc, router); len(m) > 0 {
			t.Errorf("document and router differ:\n%s", strings.Join(m, "\n"))
		}
	})
	t.Run("the comparison catches a route missing on either side", func(t *testing.T) {
		dropped := router[len(router)/2]
		want := []string{"documented but not routed: " + openapiPath(dropped)}
		if got := mismatches(doc, slices.DeleteFunc(slices.Clone(router), func(r string) bool { return r == dropped })); !slices.Equal(got, want) {
			t.Errorf("router without %s: mismatches %q, want %q", dropped, got, want)
		}
		if got := mismatches(parsedWithout(t, raw, openapiPath(dropped)), router); !slices.Equal(got, []string{"undocumented route " + openapiPath(dropped)}) {
			t.Errorf("document without %s: mismatches %q", dropped, got)
		}
	})
	t.Run("every code has a status", func(t *testing.T) {
		for key, op := range doc.ops() {
			if def, found := op.Responses["default"]; found {
				t.Errorf("%s: no status declared for %v (list their errors in the route's Problems)", key, def.Codes)
			}
		}
	})
	t.Run("every tag is described, and the document names its server", func(t *testing.T) {
		used := map[string]bool{}
		for _, op := range doc.ops() {
			for _, tag := range op.Tags {
				used[tag] = true
			}
		}
		for _, tag := range doc.Tags {
			if tag.Description == "" {
				t.Errorf("tag %q has no description", tag.Name)
			}
			delete(used, tag.Name)
		}
		if len(used) > 0 || len(doc.Servers) != 1 || doc.Servers[0].URL != "/" {
			t.Errorf("tags used but not listed %v, servers %v; want every tag listed and the serving host", used, doc.Servers)
		}
	})
	t.Run("every operation, status and code of API.md", func(t *testing.T) {
		checkContract(t, doc, readContract(t))
	})
	t.Run("the docs page and its assets are served", func(t *testing.T) {
		page := string(fetch(t, url+"/docs"))
		for _, m := range regexp.MustCompile(`(?:src|href)="(/[^"]+)"`).FindAllStringSubmatch(page, -1) {
			if len(fetch(t, url+m[1])) == 0 {
				t.Errorf("%s is empty", m[1])
			}
		}
	})
}

func TestDocumentTestRunsEveryContextOfTheGateway(t *testing.T) {
	t.Parallel()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join("cmd", "gateway", "main.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var inMain []string
	ast.Inspect(f, func(n ast.Node) bool {
		if kv, ok := n.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "name" {
				if lit, ok := kv.Value.(*ast.BasicLit); ok {
					name, _ := strconv.Unquote(lit.Value)
					inMain = append(inMain, name)
				}
			}
		}
		return true
	})
	var here []string
	for _, c := range inProcess {
		here = append(here, c.name)
	}
	if len(inMain) == 0 || !slices.Equal(inMain, here) {
		t.Errorf("cmd/gateway runs the contexts %q, this test %q: add the missing modules to inProcess", inMain, here)
	}
}

// startInProcess runs the gateway's contexts in process on SQLite; env adds settings
// ("NAME=value").
func startInProcess(t *testing.T, env ...string) *platform.Server {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"JWT_SIGNING_KEY": "", "JWT_SIGNING_KEY_FILE": filepath.Join(dir, "jwt.pem"), "MAIL_SINK_DIR": filepath.Join(dir, "mail"),
		"AUTH_DATABASE_URL": "", "ORDERS_DATABASE_URL": "", "PAYMENTS_DATABASE_URL": "",
	} {
		t.Setenv(k, v)
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	base, err := config.LoadFrom[config.Base](map[string]string{
		"HTTP_ADDR": "127.0.0.1:0", "DATABASE_URL": "sqlite:" + filepath.Join(dir, "shop.db"), "LOG_LEVEL": "error",
	})
	if err != nil {
		t.Fatal(err)
	}
	var modules []fx.Option
	for _, c := range inProcess {
		modules = append(modules, c.module)
	}
	var srv *platform.Server
	app := fxtest.New(t, platform.Options(base, modules...), fx.Populate(&srv))
	app.RequireStart()
	t.Cleanup(app.RequireStop)
	return srv
}

func fetch(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return b
}
