package standin

import (
	"html/template"
	"net/http"
)

// page is what a stand-in sign-in page shows.
type page struct {
	Label      string            // "Google"
	Action     string            // where the forms post
	Hidden     map[string]string // fields every form carries
	Identities []Identity
	Error      string
	Email      string
	Name       string
	CanCancel  bool
}

// pageTemplate is the stand-in's sign-in page: plain HTML that works with
// the keyboard alone, a screen reader and at phone width.
var pageTemplate = template.Must(template.New("standin").Funcs(template.FuncMap{"samlPage": samlPage}).Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Local stand-in for {{.Label}}</title>
<style>
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#f5f6fa;color:#1d1f2b}
main{max-width:28rem;margin:0 auto;padding:1.5rem 1rem}
.notice{background:#fff4d6;border:2px solid #8a5a00;border-radius:.5rem;padding:.75rem 1rem;color:#4a3000;font-weight:600}
h1{font-size:1.4rem;margin:1rem 0 .5rem}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
fieldset{border:0;margin:0;padding:0}
legend{font-weight:600;margin-bottom:.5rem}
button{display:block;width:100%;font:inherit;padding:.75rem 1rem;margin:.5rem 0;border-radius:.5rem;border:2px solid #3b4cca;background:#fff;color:#1d1f2b;text-align:left;cursor:pointer}
button.primary{background:#3b4cca;color:#fff;text-align:center}
button.link{border-color:#5a5d70;text-align:center}
button:focus-visible,input:focus-visible{outline:3px solid #1d1f2b;outline-offset:2px}
.who{display:block;font-size:.9rem;color:#4a4d5e}
label{display:block;font-weight:600;margin-top:.75rem}
input{display:block;width:100%;font:inherit;padding:.6rem .75rem;border:2px solid #5a5d70;border-radius:.5rem;background:#fff;color:#1d1f2b}
.error{background:#fde8e8;border:2px solid #a61b1b;color:#6b0f0f;border-radius:.5rem;padding:.75rem 1rem}
</style>
</head>
<body>
<main>
<p class="notice" id="standin-notice">Local stand-in for {{.Label}} — this is not {{.Label}}. It runs inside your local pool, and nothing you enter leaves this computer.</p>
<h1>Sign in to the local stand-in for {{.Label}}</h1>
<p>Pick a demo identity, or type the email address and name you want to sign in with.</p>
{{if .Error}}<p class="error" role="alert" id="standin-error">{{.Error}}</p>{{end}}
<form method="post" action="{{.Action}}" id="standin-demo">
{{range $k, $v := .Hidden}}<input type="hidden" name="{{$k}}" value="{{$v}}">
{{end}}<fieldset>
<legend>Demo identities</legend>
{{range $i, $id := .Identities}}<button type="submit" name="identity" value="{{$i}}" id="standin-demo-{{$i}}">Continue as {{$id.Name}}<span class="who">{{$id.Email}}</span></button>
{{end}}</fieldset>
</form>
<form method="post" action="{{.Action}}" id="standin-typed">
{{range $k, $v := .Hidden}}<input type="hidden" name="{{$k}}" value="{{$v}}">
{{end}}<h2>Or type an identity</h2>
<label for="standin-email">Email address</label>
<input id="standin-email" name="email" type="email" autocomplete="email" required maxlength="254" value="{{.Email}}"{{if .Error}} aria-describedby="standin-error"{{end}}>
<label for="standin-name">Name (optional)</label>
<input id="standin-name" name="name" type="text" autocomplete="name" maxlength="100" value="{{.Name}}">
<button type="submit" class="primary" id="standin-continue">Continue with this identity</button>
</form>
{{if .CanCancel}}<form method="post" action="{{.Action}}" id="standin-cancel-form">
{{range $k, $v := .Hidden}}<input type="hidden" name="{{$k}}" value="{{$v}}">
{{end}}<button type="submit" name="cancel" value="1" class="link" id="standin-cancel">Cancel and go back to the app</button>
</form>{{end}}
</main>
</body>
</html>
`))

func renderPage(w http.ResponseWriter, status int, p page) {
	p.Identities = DemoIdentities
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// No form-action: Chromium applies it to the whole redirect chain of
	// the form's POST, which ends at the app's callback on another origin.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	w.WriteHeader(status)
	_ = pageTemplate.Execute(w, p)
}
