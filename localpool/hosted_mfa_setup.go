package localpool

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// Steps of the hosted MFA_SETUP forms (the "setup" field).
const (
	setupTOTP  = "totp"  // the code of the new authenticator
	setupEmail = "email" // the address to send a code to
)

// hostedSetupFactors are the factors MFAS_CAN_SETUP offers that a form can
// set up: a software token and email.
func hostedSetupFactors(co *challengeOutput) []string {
	var offered []string
	_ = json.Unmarshal([]byte(co.ChallengeParameters[userpool.ParamMFAsCanSetup]), &offered)
	return slices.DeleteFunc(offered, func(f string) bool { return f != mfaTOTP && f != mfaEmail })
}

// mfaSetupStart shows the setup of the one factor the sign-in can set up,
// or the choice between them.
func (h *hostedCall) mfaSetupStart(ar *authorizeRequest, username string, co *challengeOutput) {
	factors := hostedSetupFactors(co)
	switch len(factors) {
	case 0:
		h.loginPage(ar, http.StatusBadRequest, "", "", "This account needs a phone number for its sign-in codes. Ask the app's administrator to add one, then sign in again.")
	case 1:
		h.mfaSetupFactor(ar, username, co.Session, factors[0])
	default:
		p := &htmlPage{Title: "Add a second step", PoolName: ar.pool.Name,
			Intro: "This account needs a second step at every sign-in. Pick how you want to get your codes."}
		for _, f := range factors {
			p.Extra = append(p.Extra, extraForm{Action: ar.to("/mfa"), Submit: setupLabels[f], Hidden: []hiddenField{
				{"username", username}, {"session", co.Session}, {"challenge", userpool.ChallengeMFASetup}, {"answer", f}}})
		}
		h.render(http.StatusOK, p)
	}
}

var setupLabels = map[string]string{mfaTOTP: "Use an authenticator app", mfaEmail: "Email me codes"}

// mfaSetupFactor starts setting up factor: a new software token secret
// (AssociateSoftwareToken with the sign-in's Session), or the email form.
func (h *hostedCall) mfaSetupFactor(ar *authorizeRequest, username, session, factor string) {
	if factor == mfaEmail {
		h.emailSetupPage(ar, http.StatusOK, username, session, "", "")
		return
	}
	out, err := associateSoftwareToken(h.call, &softwareTokenInput{Session: session})
	if err != nil {
		h.loginPage(ar, http.StatusBadRequest, "", "", "This sign-in took too long. Sign in again.")
		return
	}
	m := out.(map[string]any)
	h.totpSetupPage(ar, http.StatusOK, username, m["Session"].(string), "")
}

// totpSetupPage shows the secret the MFA_SETUP session is setting up as a
// QR code of its otpauth URI and as text, and asks for the first code. The
// session names the user: the form's username field does not. The account
// in the URI is the user's email address, else the username.
func (h *hostedCall) totpSetupPage(ar *authorizeRequest, status int, username, session, errMsg string) {
	var secret, account string
	if pool, st, err := h.openAuthSession(session, userpool.ChallengeMFASetup); err == nil && pool.Id == ar.pool.Id {
		_ = h.s.view(pool.Id, func(p *poolTx) error {
			if u, err := p.user(st.Username); err == nil {
				secret, account = u.MFA.TOTPPending, cmp.Or(u.attr("email"), u.Username)
			}
			return nil
		})
	}
	if secret == "" {
		h.loginPage(ar, http.StatusBadRequest, "", "", "This sign-in took too long or had too many wrong codes. Sign in again.")
		return
	}
	p := &htmlPage{Title: "Set up your authenticator app", PoolName: ar.pool.Name, Error: errMsg,
		Intro:  "Scan the QR code with your authenticator app, or type the key into it. Then enter the 6-digit code it shows.",
		Secret: secret, Action: ar.to("/mfa"), Submit: "Verify and sign in",
		Hidden: []hiddenField{{"username", username}, {"session", session}, {"challenge", userpool.ChallengeMFASetup}, {"setup", setupTOTP}},
		Fields: []field{{Name: "code", Label: "Code", Type: "text", Autocomplete: "one-time-code", Numeric: true, Invalid: errMsg != "", Focus: true}},
	}
	if png, err := qrcode.Encode(totpURI(ar.pool.Name, account, secret), qrcode.Medium, 256); err == nil {
		p.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	}
	h.render(status, p)
}

// totpURI is the otpauth URI of a secret, with the pool's name as issuer.
func totpURI(issuer, account, secret string) string {
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + issuer + ":" + account,
		RawQuery: url.Values{"secret": {secret}, "issuer": {issuer}}.Encode()}
	return u.String()
}

func (h *hostedCall) emailSetupPage(ar *authorizeRequest, status int, username, session, email, errMsg string) {
	h.render(status, &htmlPage{Title: "Get sign-in codes by email", PoolName: ar.pool.Name, Error: errMsg,
		Intro:  "Enter the email address your sign-in codes should go to. We send a code to it now.",
		Action: ar.to("/mfa"), Submit: "Send the code",
		Hidden: []hiddenField{{"username", username}, {"session", session}, {"challenge", userpool.ChallengeMFASetup}, {"setup", setupEmail}},
		Fields: []field{{Name: "email", Label: "Email address", Type: "email", Value: email, Autocomplete: "email", Invalid: errMsg != "", Focus: true}},
	})
}

// mfaSetupPost answers the MFA_SETUP forms: the choice of a factor, the
// first code of the authenticator (VerifySoftwareToken, then MFA_SETUP with
// its Session), or the email address (MFA_SETUP with EMAIL, which sends a
// code and asks for it).
func (h *hostedCall) mfaSetupPost(ar *authorizeRequest, username, session string, params map[string]string) {
	f := h.r.PostFormValue
	const restart = "This sign-in took too long or had too many wrong codes. Sign in again."
	switch f("setup") {
	case "":
		if answer := f("answer"); answer == mfaTOTP || answer == mfaEmail {
			h.mfaSetupFactor(ar, username, session, answer)
			return
		}
		h.loginPage(ar, http.StatusBadRequest, "", "", "This sign-in cannot continue. Sign in again.")
		return
	case setupTOTP:
		code := strings.TrimSpace(f("code"))
		if !userCodePattern.MatchString(code) {
			h.totpSetupPage(ar, http.StatusBadRequest, username, session, "Enter the 6-digit code your authenticator app shows.")
			return
		}
		out, err := verifySoftwareToken(h.call, &softwareTokenInput{Session: session, UserCode: code})
		switch {
		case isAPIError(err, userpool.EnableSoftwareTokenMFAException):
			h.totpSetupPage(ar, http.StatusBadRequest, username, session, "That code is not right. Enter the code your authenticator app shows now.")
			return
		case err != nil:
			h.loginPage(ar, http.StatusBadRequest, "", "", restart)
			return
		}
		session = out.(map[string]any)["Session"].(string)
	case setupEmail:
		email := strings.TrimSpace(f("email"))
		if !strings.Contains(email, "@") || len(email) > maxValue {
			h.emailSetupPage(ar, http.StatusBadRequest, username, session, email, "Enter an email address, like name@example.com.")
			return
		}
		params[userpool.AnswerEmail] = email
	default:
		h.loginPage(ar, http.StatusBadRequest, "", "", "This sign-in cannot continue. Sign in again.")
		return
	}
	a := *ar.authRequest
	a.hosted, a.flow, a.params = true, userpool.ChallengeMFASetup, params
	out, err := answerMFASetup(h.call, &a, session)
	if err != nil {
		if isAPIError(err, userpool.InvalidParameterException) && params[userpool.AnswerEmail] != "" {
			h.emailSetupPage(ar, http.StatusBadRequest, username, session, params[userpool.AnswerEmail], pageMessage(err))
			return
		}
		h.loginPage(ar, http.StatusBadRequest, "", "", restart)
		return
	}
	h.mfaStep(ar, username, out, nil)
}
