package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/modmono/auth/internal/application"
)

//go:embed templates/*.tmpl
var templateFiles embed.FS

var funcs = map[string]any{
	"minutes": func(d time.Duration) int { return int(d / time.Minute) },
}

// mails are parsed once, so a broken template fails at start rather than on the first mail.
// Each mail has a text file (blocks "subject" and "text") and an HTML file, which html/template
// escapes by context. Each file is its own set, since every text file defines "subject".
var mails = map[string]mailTemplates{
	"welcome":        parse("welcome"),
	"password_reset": parse("password_reset"),
}

type mailTemplates struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

func parse(name string) mailTemplates {
	return mailTemplates{
		text: texttemplate.Must(texttemplate.New(name).Funcs(funcs).ParseFS(templateFiles, "templates/"+name+".txt.tmpl")),
		html: htmltemplate.Must(htmltemplate.New(name).Funcs(funcs).ParseFS(templateFiles, "templates/"+name+".html.tmpl")),
	}
}

// Composer renders the auth context's mails from the embedded templates.
type Composer struct{}

var _ application.MailComposer = Composer{}

func (Composer) Welcome(m application.WelcomeMail) (application.Message, error) {
	return compose("welcome", m.To, m)
}

func (Composer) PasswordReset(m application.PasswordResetMail) (application.Message, error) {
	return compose("password_reset", m.To, m)
}

// compose renders the named mail.
func compose(name, to string, data any) (application.Message, error) {
	t, ok := mails[name]
	if !ok {
		return application.Message{}, fmt.Errorf("no templates for the %s mail", name)
	}
	var subject, text, html bytes.Buffer
	if err := t.text.ExecuteTemplate(&subject, "subject", data); err != nil {
		return application.Message{}, fmt.Errorf("render the %s mail's subject: %w", name, err)
	}
	if err := t.text.ExecuteTemplate(&text, "text", data); err != nil {
		return application.Message{}, fmt.Errorf("render the %s mail's text: %w", name, err)
	}
	if err := t.html.ExecuteTemplate(&html, name+".html.tmpl", data); err != nil {
		return application.Message{}, fmt.Errorf("render the %s mail's HTML: %w", name, err)
	}
	return application.Message{To: to, Subject: strings.TrimSpace(subject.String()), Text: text.String(), HTML: html.String()}, nil
}
