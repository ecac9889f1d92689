package localpool

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// The hosted UI's second step: the same challenges as RespondToAuthChallenge
// (mfa_signin.go), answered by forms. A sign-in that must first set up MFA
// (MFA_SETUP) sets it up here, as Cognito's managed login does: an
// authenticator app (a QR code and the key as text, then a first code) or
// an email address (then the code sent to it). SMS cannot be set up inside
// a sign-in, as in Cognito: it needs a phone number first.

// hostedCodeFields are the challenges answered with a code, and the answer's key.
var hostedCodeFields = map[string]string{
	mfaSMS:   userpool.AnswerSMSMFACode,
	mfaEmail: userpool.AnswerEmailOTPCode,
	mfaTOTP:  userpool.AnswerSoftwareTokenMFACode,
}

// startMFA asks for the second step of a user who proved their password.
func (h *hostedCall) startMFA(ar *authorizeRequest, user *userRecord) {
	a := *ar.authRequest
	a.hosted, a.params = true, map[string]string{}
	out, err := h.mfaChallenge(&a, user, user.mfaFactors(ar.pool), "")
	h.mfaStep(ar, user.Username, out, err)
}

// mfaStep shows the page of the challenge out, or enters the session.
func (h *hostedCall) mfaStep(ar *authorizeRequest, username string, out any, err error) {
	if err != nil {
		h.loginPage(ar, http.StatusBadRequest, "", "", pageMessage(err))
		return
	}
	co := out.(*challengeOutput)
	switch {
	case co.user != nil:
		h.enterSession(ar, co.user)
	case hostedCodeFields[co.ChallengeName] != "":
		h.mfaCodePage(ar, http.StatusOK, username, co.ChallengeName, co.Session, deliveryText(co), "")
	case co.ChallengeName == userpool.ChallengeSelectMFAType:
		h.mfaSelectPage(ar, username, co)
	case co.ChallengeName == userpool.ChallengeMFASetup:
		h.mfaSetupStart(ar, username, co)
	default:
		h.loginPage(ar, http.StatusBadRequest, "", "", "This sign-in cannot continue. Sign in again.")
	}
}

func deliveryText(co *challengeOutput) string {
	switch co.ChallengeParameters[userpool.ParamDeliveryMedium] {
	case "SMS":
		return "We texted a code to " + co.ChallengeParameters[userpool.ParamDeliveryDestination] + "."
	case "EMAIL":
		return "We emailed a code to " + co.ChallengeParameters[userpool.ParamDeliveryDestination] + "."
	}
	return "Enter the 6-digit code your authenticator app shows."
}

var mfaTitles = map[string]string{mfaSMS: "Enter the texted code", mfaEmail: "Enter the emailed code", mfaTOTP: "Enter your authenticator code"}

func (h *hostedCall) mfaCodePage(ar *authorizeRequest, status int, username, challenge, session, intro, errMsg string) {
	h.render(status, &htmlPage{
		Title: mfaTitles[challenge], PoolName: ar.pool.Name, Error: errMsg, Intro: intro,
		Action: ar.to("/mfa"), Submit: "Verify and sign in",
		Hidden: []hiddenField{{"username", username}, {"session", session}, {"challenge", challenge}, {"intro", intro}},
		Fields: []field{{Name: "code", Label: "Code", Type: "text", Autocomplete: "one-time-code", Numeric: true,
			Invalid: errMsg != "", Focus: true}},
	})
}

var factorLabels = map[string]string{mfaSMS: "Text me a code", mfaTOTP: "Use my authenticator app", mfaEmail: "Email me a code"}

func (h *hostedCall) mfaSelectPage(ar *authorizeRequest, username string, co *challengeOutput) {
	var choices []string
	_ = json.Unmarshal([]byte(co.ChallengeParameters[userpool.ParamMFAsCanChoose]), &choices)
	p := &htmlPage{Title: "Choose how to verify", PoolName: ar.pool.Name, Intro: "Your account has more than one second step. Pick one."}
	for _, c := range choices {
		p.Extra = append(p.Extra, extraForm{Action: ar.to("/mfa"), Submit: factorLabels[c], Hidden: []hiddenField{
			{"username", username}, {"session", co.Session}, {"challenge", userpool.ChallengeSelectMFAType}, {"answer", c}}})
	}
	h.render(http.StatusOK, p)
}

// serveMFAPost answers the second step's forms.
func serveMFAPost(h *hostedCall) {
	ar, ok := h.pageRequest()
	if !ok {
		return
	}
	f := h.r.PostFormValue
	username, session, challenge := f("username"), f("session"), f("challenge")
	if !h.checkCSRF() {
		h.loginPage(ar, http.StatusForbidden, username, "", expiredForm)
		return
	}
	params := map[string]string{"USERNAME": username}
	if hash := secretHash(ar.client, username); hash != "" {
		params["SECRET_HASH"] = hash
	}
	code := strings.TrimSpace(f("code"))
	switch field := hostedCodeFields[challenge]; {
	case field != "":
		if code == "" || len(code) > 16 {
			h.mfaCodePage(ar, http.StatusBadRequest, username, challenge, session, f("intro"), "Enter the code.")
			return
		}
		params[field] = code
	case challenge == userpool.ChallengeSelectMFAType:
		params[userpool.AnswerChoice] = f("answer")
	case challenge == userpool.ChallengeMFASetup:
		h.mfaSetupPost(ar, username, session, params)
		return
	default:
		h.loginPage(ar, http.StatusBadRequest, "", "", "This sign-in cannot continue. Sign in again.")
		return
	}
	a := *ar.authRequest
	a.hosted, a.flow, a.params = true, challenge, params
	out, err := challenges[challenge](h.call, &a, session)
	switch {
	case isAPIError(err, userpool.CodeMismatchException) || isAPIError(err, userpool.ExpiredCodeException):
		h.mfaCodePage(ar, http.StatusBadRequest, username, challenge, session, f("intro"), pageMessage(err))
	case err != nil:
		h.loginPage(ar, http.StatusBadRequest, "", "", "This sign-in took too long or had too many wrong codes. Sign in again.")
	default:
		h.mfaStep(ar, username, out, nil)
	}
}
