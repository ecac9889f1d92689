package localpool

import (
	"errors"
	"github.com/cognitowasm/cognitowasm/app/userpool"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/cognitowasm/cognitowasm/srp"
)

// The hosted UI's pages are rendered on the server and work without
// JavaScript: every input has a label, errors are announced (role=alert) and
// tied to the form, and the layout fits a phone.

var pageTemplates = template.Must(template.New("layout").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · {{.PoolName}}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1b1d21}
main{max-width:26rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px #0003}
h1{font-size:1.5rem;margin:0 0 1rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{box-sizing:border-box;width:100%;padding:.6rem;font:inherit;border:1px solid #6b7280;border-radius:4px}
input:focus,button:focus,a:focus{outline:3px solid #2563eb;outline-offset:2px}
button{margin-top:1.25rem;width:100%;padding:.7rem;font:inherit;font-weight:600;color:#fff;background:#1d4ed8;border:0;border-radius:4px;cursor:pointer}
button.secondary{background:#fff;color:#1d4ed8;border:1px solid #1d4ed8}
.error{color:#991b1b;background:#fef2f2;border:1px solid #fca5a5;padding:.6rem;border-radius:4px}
.notice{color:#14532d;background:#f0fdf4;border:1px solid #86efac;padding:.6rem;border-radius:4px}
.hint{color:#4b5563;font-size:.9rem;margin:.25rem 0 0}
nav{margin-top:1.25rem}
nav p{margin:.5rem 0}
a{color:#1d4ed8}
img{display:block;max-width:100%;height:auto;margin:1rem auto}
code{font-size:1.05rem;word-break:break-all;background:#f4f5f7;padding:.1rem .3rem;border-radius:4px}
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
{{if .Notice}}<p class="notice" role="status">{{.Notice}}</p>{{end}}
{{if .Error}}<p class="error" role="alert" id="form-error">{{.Error}}</p>{{end}}
{{template "body" .}}
</main>
</body>
</html>
{{define "field"}}<label for="{{.Name}}">{{.Label}}</label>
<input id="{{.Name}}" name="{{.Name}}" type="{{.Type}}"{{if .Value}} value="{{.Value}}"{{end}} autocomplete="{{.Autocomplete}}"{{if .Numeric}} inputmode="numeric"{{end}} required{{if .Hint}} aria-describedby="{{.Name}}-hint"{{end}}{{if .Invalid}} aria-invalid="true" aria-errormessage="form-error"{{end}}{{if .Focus}} autofocus{{end}}>
{{if .Hint}}<p class="hint" id="{{.Name}}-hint">{{.Hint}}</p>{{end}}{{end}}
`))

func init() {
	template.Must(pageTemplates.New("form").Parse(`{{define "body"}}
{{if .Intro}}<p>{{.Intro}}</p>{{end}}
{{if .QR}}<img id="totp-qr" src="{{.QR}}" width="256" height="256" alt="QR code of the key for your authenticator app">{{end}}
{{if .Secret}}<p>Key: <code id="totp-secret">{{.Secret}}</code></p>{{end}}
{{if .Fields}}<form method="post" action="{{.Action}}" novalidate>
<input type="hidden" name="_csrf" value="{{.CSRF}}">
{{range .Hidden}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}{{range .Fields}}{{template "field" .}}
{{end}}<button type="submit" name="submit">{{.Submit}}</button>
</form>{{end}}
{{range .Extra}}<form method="post" action="{{.Action}}">
<input type="hidden" name="_csrf" value="{{$.CSRF}}">
{{range .Hidden}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<button type="submit" class="secondary">{{.Submit}}</button>
</form>{{end}}
{{if .Links}}<nav aria-label="Other options">{{range .Links}}<p>{{.Before}} <a href="{{.Href}}">{{.Text}}</a></p>{{end}}</nav>{{end}}
{{end}}`))
}

type htmlPage struct {
	Title, PoolName, Notice, Error, Intro string
	// QR (a data: URL of a PNG) and Secret show a software token's key.
	QR                   template.URL
	Secret               string
	Action, CSRF, Submit string
	Hidden               []hiddenField
	Fields               []field
	Extra                []extraForm
	Links                []link
}

type hiddenField struct{ Name, Value string }

type field struct {
	Name, Label, Type, Value, Autocomplete, Hint string
	Numeric, Invalid, Focus                      bool
}

type extraForm struct {
	Action, Submit string
	Hidden         []hiddenField
}

type link struct{ Before, Href, Text string }

func (h *hostedCall) render(status int, p *htmlPage) {
	h.w.Header().Set("Content-Type", "text/html; charset=utf-8")
	h.w.Header().Set("Cache-Control", "no-store")
	if p.CSRF == "" {
		p.CSRF = h.csrfToken()
	}
	h.w.WriteHeader(status)
	if err := pageTemplates.ExecuteTemplate(h.w, "layout", p); err != nil {
		h.s.log.Error("render page", "err", err)
	}
}

func (h *hostedCall) errorPage(e *pageError) {
	h.render(e.status, &htmlPage{Title: "Sign-in cannot continue", PoolName: "Sign in", Error: e.message})
}

// pageRequest is the authorize request a page carries in its URL. Pages
// show authorize errors on themselves: the user came here by a link.
func (h *hostedCall) pageRequest() (*authorizeRequest, bool) {
	ar, err := h.parseAuthorize(h.r.URL.Query())
	if err != nil {
		var re *oauthRedirectError
		if errors.As(err, &re) && ar != nil {
			h.fail(ar, err)
			return nil, false
		}
		h.fail(nil, err)
		return nil, false
	}
	if ar.provider != providerCognito {
		h.fail(ar, &oauthRedirectError{userpool.OAuthInvalidRequest, "The login page signs in users of the pool only"})
		return nil, false
	}
	return ar, true
}

// to is the URL of another hosted-UI page carrying the request, plus extra parameters.
func (ar *authorizeRequest) to(path string, extra ...string) string {
	q := cloneValues(ar.query)
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	return path + "?" + q.Encode()
}

func (ar *authorizeRequest) usernameLabel() string {
	if ar.pool.emailIsUsername() {
		return "Email address"
	}
	return "Username"
}

// passwordHint says the pool's password rules in one sentence.
func (ar *authorizeRequest) passwordHint() string {
	pp := ar.pool.Policies.PasswordPolicy
	var need []string
	if pp.RequireUppercase {
		need = append(need, "an uppercase letter")
	}
	if pp.RequireLowercase {
		need = append(need, "a lowercase letter")
	}
	if pp.RequireNumbers {
		need = append(need, "a number")
	}
	if pp.RequireSymbols {
		need = append(need, "a symbol")
	}
	hint := "At least " + strconv.Itoa(pp.MinimumLength) + " characters"
	if len(need) > 0 {
		hint += ", with " + strings.Join(need, ", ")
	}
	return hint + "."
}

// loginPage is the sign-in form.
func (h *hostedCall) loginPage(ar *authorizeRequest, status int, username, notice, errMsg string) {
	if username == "" {
		username = ar.loginHint
	}
	h.render(status, &htmlPage{
		Title: "Sign in", PoolName: ar.pool.Name, Notice: notice, Error: errMsg,
		Intro:  "Sign in with your " + strings.ToLower(ar.usernameLabel()) + " and password.",
		Action: ar.to("/login"), Submit: "Sign in",
		Fields: []field{
			{Name: "username", Label: ar.usernameLabel(), Type: usernameType(ar), Value: username, Autocomplete: "username",
				Invalid: errMsg != "", Focus: username == ""},
			{Name: "password", Label: "Password", Type: "password", Autocomplete: "current-password", Invalid: errMsg != "",
				Focus: username != ""},
		},
		Links: append(providerLinks(ar), []link{
			{Before: "", Href: ar.to("/forgotPassword"), Text: "Forgot your password?"},
			{Before: "Need an account?", Href: ar.to("/signup"), Text: "Sign up"},
		}...),
	})
}

// providerLinks offers the client's other identity providers, each in its
// own wording, as managed login does.
func providerLinks(ar *authorizeRequest) []link {
	var links []link
	for _, name := range ar.client.SupportedIdentityProviders {
		if name == providerCognito || ar.pool.identityProvider(name) < 0 {
			continue
		}
		links = append(links, link{Href: ar.to(userpool.AuthorizePath, "identity_provider", name), Text: userpool.ProviderButtonText(name)})
	}
	return links
}

func usernameType(ar *authorizeRequest) string {
	if ar.pool.emailIsUsername() {
		return "email"
	}
	return "text"
}

func serveLoginPage(h *hostedCall) {
	ar, ok := h.pageRequest()
	if !ok {
		return
	}
	if h.answeredBySession(ar) {
		return
	}
	notice := map[string]string{
		"confirmed": "Your account is confirmed. Sign in to continue.",
		"reset":     "Your password is changed. Sign in with the new password.",
	}[h.r.URL.Query().Get("notice")]
	h.loginPage(ar, http.StatusOK, h.r.URL.Query().Get("username"), notice, "")
}

// expiredForm is the answer to a form whose CSRF token does not match.
const expiredForm = "This page expired. Enter your details again."

// serveLoginPost signs in through the same core as InitiateAuth: the same
// password check, lockout and user states.
func serveLoginPost(h *hostedCall) {
	ar, ok := h.pageRequest()
	if !ok {
		return
	}
	username, password := h.r.PostFormValue("username"), h.r.PostFormValue("password")
	if !h.checkCSRF() {
		h.loginPage(ar, http.StatusForbidden, username, "", expiredForm)
		return
	}
	if username == "" || password == "" || len(username) > maxValue || len(password) > maxPassword {
		h.loginPage(ar, http.StatusBadRequest, username, "", "Enter your "+strings.ToLower(ar.usernameLabel())+" and password.")
		return
	}
	user, err := h.lookupSignInUser(ar.pool, username)
	if err != nil {
		h.fail(ar, err)
		return
	}
	if user, err = h.checkPassword(ar.pool, username, user, password); err != nil {
		h.loginPage(ar, http.StatusBadRequest, username, "", pageMessage(err))
		return
	}
	newPassword, err := h.signInState(user)
	switch {
	case isAPIError(err, userpool.UserNotConfirmedException):
		http.Redirect(h.w, h.r, ar.to("/confirm", "username", username), http.StatusFound)
		return
	case isAPIError(err, userpool.PasswordResetRequiredException):
		http.Redirect(h.w, h.r, ar.to("/forgotPassword", "username", username, "notice", "reset_required"), http.StatusFound)
		return
	case err != nil:
		h.loginPage(ar, http.StatusBadRequest, username, "", pageMessage(err))
		return
	case newPassword:
		out, err := h.challenge(ar.authRequest, user, "NEW_PASSWORD_REQUIRED", nil)
		if err != nil {
			h.fail(ar, err)
			return
		}
		h.newPasswordPage(ar, http.StatusOK, username, out.(*challengeOutput).Session, "")
		return
	}
	h.signedIn(ar, user)
}

// signedIn starts the hosted-UI session and returns to the app.
func (h *hostedCall) signedIn(ar *authorizeRequest, user *userRecord) {
	if mfaRequired(ar.pool, user) {
		h.startMFA(ar, user)
		return
	}
	h.enterSession(ar, user)
}

// enterSession starts the hosted-UI session of a user who passed every
// step, and returns to the app.
func (h *hostedCall) enterSession(ar *authorizeRequest, user *userRecord) {
	authTime, err := h.setSession(ar.pool, user)
	if err != nil {
		h.fail(ar, err)
		return
	}
	h.completeAuthorize(ar, user, authTime)
}

// lookupSignInUser finds the user a sign-in name names, or nil.
func (h *hostedCall) lookupSignInUser(pool *poolRecord, name string) (*userRecord, error) {
	var user *userRecord
	err := h.s.view(pool.Id, func(p *poolTx) error {
		u, err := p.lookupUser(pool, name)
		var e *Error
		if errors.As(err, &e) {
			return nil
		}
		if u != nil && u.federated() {
			return nil
		}
		user = u
		return err
	})
	return user, err
}

func isAPIError(err error, typ string) bool {
	var e *Error
	return errors.As(err, &e) && e.Type == typ
}

// pageMessages are the pages' words for pool errors, by message or exception name.
var pageMessages = map[string]string{
	"Password attempts exceeded":      "Too many failed attempts. Wait a few minutes, then try again.",
	"Incorrect username or password.": "Incorrect username or password. Check them and try again.",
	"User is disabled.":               "This account is disabled. Contact the app's administrator.",
	userpool.CodeMismatchException:    "That code is not right. Check the message and enter the code again.",
	"ExpiredCodeException":            "That code has expired. Ask for a new code.",
	"UsernameExistsException":         "An account with this name already exists. Sign in instead.",
	"LimitExceededException":          "Too many attempts. Wait a while, then try again.",
	"TooManyFailedAttemptsException":  "Too many attempts. Wait a while, then try again.",
}

// pageMessage turns a pool error into a sentence that says what to do next.
func pageMessage(err error) string {
	var e *Error
	if !errors.As(err, &e) {
		return "Something went wrong on the sign-in server. Try again."
	}
	if msg, ok := pageMessages[e.Message]; ok {
		return msg
	}
	if isValidationError(e) {
		return "Something you entered is too long or has characters that are not allowed. Check it and try again."
	}
	if msg, ok := pageMessages[e.Type]; ok {
		return msg
	}
	return strings.TrimSuffix(e.Message, ".") + "."
}

// newPasswordPage asks a user with a temporary password for a new one.
func (h *hostedCall) newPasswordPage(ar *authorizeRequest, status int, username, session, errMsg string) {
	h.render(status, &htmlPage{
		Title: "Choose a new password", PoolName: ar.pool.Name, Error: errMsg,
		Intro:  "Your account has a temporary password. Choose a new password to finish signing in.",
		Action: ar.to("/newPassword"), Submit: "Set password and sign in",
		Hidden: []hiddenField{{"username", username}, {"session", session}},
		Fields: []field{{Name: "new_password", Label: "New password", Type: "password", Autocomplete: "new-password",
			Hint: ar.passwordHint(), Invalid: errMsg != "", Focus: true}},
	})
}

func serveNewPasswordPost(h *hostedCall) {
	ar, ok := h.pageRequest()
	if !ok {
		return
	}
	username, session, password := h.r.PostFormValue("username"), h.r.PostFormValue("session"), h.r.PostFormValue("new_password")
	if !h.checkCSRF() {
		h.loginPage(ar, http.StatusForbidden, username, "", expiredForm)
		return
	}
	a := *ar.authRequest
	a.params = map[string]string{"USERNAME": username, "NEW_PASSWORD": password}
	user, err := h.applyNewPassword(&a, session)
	if err != nil {
		if isAPIError(err, userpool.NotAuthorizedException) {
			h.loginPage(ar, http.StatusBadRequest, username, "", "This sign-in took too long. Sign in again with your temporary password.")
			return
		}
		h.newPasswordPage(ar, http.StatusBadRequest, username, session, pageMessage(err))
		return
	}
	h.signedIn(ar, user)
}

// secretHash is SECRET_HASH for a client with a secret: the hosted UI calls
// the same operations as the SDK, on the client's behalf.
func secretHash(client *userPoolClient, username string) string {
	if client.ClientSecret == "" {
		return ""
	}
	return srp.SecretHash(username, client.ClientId, client.ClientSecret)
}

func (h *hostedCall) signUpPage(ar *authorizeRequest, status int, username, errMsg string) {
	h.render(status, &htmlPage{
		Title: "Create an account", PoolName: ar.pool.Name, Error: errMsg,
		Action: ar.to("/signup"), Submit: "Sign up",
		Fields: []field{
			{Name: "username", Label: ar.usernameLabel(), Type: usernameType(ar), Value: username, Autocomplete: "username",
				Focus: true},
			{Name: "password", Label: "Password", Type: "password", Autocomplete: "new-password", Hint: ar.passwordHint()},
		},
		Links: []link{{Before: "Already have an account?", Href: ar.to("/login"), Text: "Sign in"}},
	})
}

func serveSignUpPage(h *hostedCall) {
	if ar, ok := h.pageRequest(); ok {
		h.signUpPage(ar, http.StatusOK, "", "")
	}
}

func serveSignUpPost(h *hostedCall) {
	ar, ok := h.pageRequest()
	if !ok {
		return
	}
	username, password := strings.TrimSpace(h.r.PostFormValue("username")), h.r.PostFormValue("password")
	if !h.checkCSRF() {
		h.signUpPage(ar, http.StatusForbidden, username, expiredForm)
		return
	}
	if username == "" || password == "" {
		h.signUpPage(ar, http.StatusBadRequest, username, "Enter your "+strings.ToLower(ar.usernameLabel())+" and a password.")
		return
	}
	in := &signUpInput{ClientId: ar.client.ClientId, SecretHash: secretHash(ar.client, username), Username: username, Password: password}
	if !ar.pool.emailIsUsername() && strings.Contains(username, "@") {
		in.UserAttributes = []attribute{{Name: "email", Value: username}}
	}
	if _, err := h.call.invoke("SignUp", in); err != nil {
		h.signUpPage(ar, http.StatusBadRequest, username, pageMessage(err))
		return
	}
	http.Redirect(h.w, h.r, ar.to("/confirm", "username", username), http.StatusFound)
}

func (h *hostedCall) confirmPage(ar *authorizeRequest, status int, username, notice, errMsg string) {
	h.render(status, &htmlPage{
		Title: "Confirm your account", PoolName: ar.pool.Name, Notice: notice, Error: errMsg,
		Intro:  "We sent a code to the email address or phone number of " + username + ". Enter it to confirm your account.",
		Action: ar.to("/confirm", "username", username), Submit: "Confirm account",
		Fields: []field{{Name: "code", Label: "Confirmation code", Type: "text", Autocomplete: "one-time-code", Numeric: true,
			Invalid: errMsg != "", Focus: true}},
		Extra: []extraForm{{Action: ar.to("/resendCode", "username", username), Submit: "Send a new code"}},
		Links: []link{{Before: "Already confirmed?", Href: ar.to("/login", "username", username), Text: "Sign in"}},
	})
}

func serveConfirmPage(h *hostedCall) {
	if ar, ok := h.pageRequest(); ok {
		h.confirmPage(ar, http.StatusOK, h.r.URL.Query().Get("username"), "", "")
	}
}

func serveConfirmPost(h *hostedCall) {
	ar, ok := h.pageRequest()
	if !ok {
		return
	}
	username, code := h.r.URL.Query().Get("username"), strings.TrimSpace(h.r.PostFormValue("code"))
	if !h.checkCSRF() {
		h.confirmPage(ar, http.StatusForbidden, username, "", expiredForm)
		return
	}
	if code == "" {
		h.confirmPage(ar, http.StatusBadRequest, username, "", "Enter the code from the message.")
		return
	}
	_, err := h.call.invoke("ConfirmSignUp", &confirmSignUpInput{ClientId: ar.client.ClientId, SecretHash: secretHash(ar.client, username),
		Username: username, ConfirmationCode: code})
	if err != nil {
		h.confirmPage(ar, http.StatusBadRequest, username, "", pageMessage(err))
		return
	}
	http.Redirect(h.w, h.r, ar.to("/login", "username", username, "notice", "confirmed"), http.StatusFound)
}

func serveResendCodePost(h *hostedCall) {
	ar, ok := h.pageRequest()
	if !ok {
		return
	}
	username := h.r.URL.Query().Get("username")
	if !h.checkCSRF() {
		h.confirmPage(ar, http.StatusForbidden, username, "", expiredForm)
		return
	}
	_, err := h.call.invoke("ResendConfirmationCode", &usernameByClientInput{ClientId: ar.client.ClientId,
		SecretHash: secretHash(ar.client, username), Username: username})
	if err != nil {
		h.confirmPage(ar, http.StatusBadRequest, username, "", pageMessage(err))
		return
	}
	h.confirmPage(ar, http.StatusOK, username, "We sent a new code.", "")
}

func (h *hostedCall) forgotPage(ar *authorizeRequest, status int, username, notice, errMsg string) {
	h.render(status, &htmlPage{
		Title: "Reset your password", PoolName: ar.pool.Name, Notice: notice, Error: errMsg,
		Intro:  "Enter your " + strings.ToLower(ar.usernameLabel()) + ". We will send you a code to reset your password.",
		Action: ar.to("/forgotPassword"), Submit: "Send code",
		Fields: []field{{Name: "username", Label: ar.usernameLabel(), Type: usernameType(ar), Value: username,
			Autocomplete: "username", Invalid: errMsg != "", Focus: true}},
		Links: []link{{Before: "Remembered it?", Href: ar.to("/login"), Text: "Sign in"}},
	})
}

func serveForgotPage(h *hostedCall) {
	ar, ok := h.pageRequest()
	if !ok {
		return
	}
	notice := ""
	if h.r.URL.Query().Get("notice") == "reset_required" {
		notice = "Your password must be reset before you can sign in."
	}
	h.forgotPage(ar, http.StatusOK, h.r.URL.Query().Get("username"), notice, "")
}

func serveForgotPost(h *hostedCall) {
	ar, ok := h.pageRequest()
	if !ok {
		return
	}
	username := strings.TrimSpace(h.r.PostFormValue("username"))
	if !h.checkCSRF() {
		h.forgotPage(ar, http.StatusForbidden, username, "", expiredForm)
		return
	}
	if username == "" {
		h.forgotPage(ar, http.StatusBadRequest, username, "", "Enter your "+strings.ToLower(ar.usernameLabel())+".")
		return
	}
	_, err := h.call.invoke("ForgotPassword", &usernameByClientInput{ClientId: ar.client.ClientId, SecretHash: secretHash(ar.client, username),
		Username: username})
	if err != nil && !isAPIError(err, userpool.UserNotFoundException) {
		h.forgotPage(ar, http.StatusBadRequest, username, "", pageMessage(err))
		return
	}
	// An unknown name goes on like a known one: the page must not tell who has an account.
	http.Redirect(h.w, h.r, ar.to("/confirmForgotPassword", "username", username), http.StatusFound)
}

func (h *hostedCall) confirmForgotPage(ar *authorizeRequest, status int, username, errMsg string) {
	h.render(status, &htmlPage{
		Title: "Set a new password", PoolName: ar.pool.Name, Error: errMsg,
		Intro:  "If " + username + " has an account, we sent it a code. Enter the code and a new password.",
		Action: ar.to("/confirmForgotPassword", "username", username), Submit: "Change password",
		Fields: []field{
			{Name: "code", Label: "Code", Type: "text", Autocomplete: "one-time-code", Numeric: true, Invalid: errMsg != "", Focus: true},
			{Name: "password", Label: "New password", Type: "password", Autocomplete: "new-password", Hint: ar.passwordHint()},
		},
		Links: []link{{Before: "No code?", Href: ar.to("/forgotPassword", "username", username), Text: "Send it again"}},
	})
}

func serveConfirmForgotPage(h *hostedCall) {
	if ar, ok := h.pageRequest(); ok {
		h.confirmForgotPage(ar, http.StatusOK, h.r.URL.Query().Get("username"), "")
	}
}

func serveConfirmForgotPost(h *hostedCall) {
	ar, ok := h.pageRequest()
	if !ok {
		return
	}
	username := h.r.URL.Query().Get("username")
	code, password := strings.TrimSpace(h.r.PostFormValue("code")), h.r.PostFormValue("password")
	if !h.checkCSRF() {
		h.confirmForgotPage(ar, http.StatusForbidden, username, expiredForm)
		return
	}
	if code == "" || password == "" {
		h.confirmForgotPage(ar, http.StatusBadRequest, username, "Enter the code and a new password.")
		return
	}
	_, err := h.call.invoke("ConfirmForgotPassword", &confirmForgotPasswordInput{ClientId: ar.client.ClientId,
		SecretHash: secretHash(ar.client, username), Username: username, ConfirmationCode: code, Password: password})
	if err != nil {
		h.confirmForgotPage(ar, http.StatusBadRequest, username, pageMessage(err))
		return
	}
	http.Redirect(h.w, h.r, ar.to("/login", "username", username, "notice", "reset"), http.StatusFound)
}

// mfaRequired reports whether signing the user in takes a second factor, as
// afterFirstFactor decides for InitiateAuth.
func mfaRequired(pool *poolRecord, u *userRecord) bool {
	switch pool.MfaConfiguration {
	case mfaOn:
		return true
	case mfaOptional:
		return len(u.mfaFactors(pool)) > 0
	}
	return false
}
