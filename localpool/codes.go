package localpool

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// codeDeliveryDetails is CodeDeliveryDetailsType on the wire.
type codeDeliveryDetails struct {
	Destination    string `json:"Destination"`
	DeliveryMedium string `json:"DeliveryMedium"`
	AttributeName  string `json:"AttributeName"`
}

// codeTTL is how long codes of each purpose stay valid, as in Cognito.
var codeTTL = map[string]time.Duration{
	purposeSignUp: 24 * time.Hour,
	purposeReset:  time.Hour,
	purposeVerify: 24 * time.Hour,
	purposeMFA:    3 * time.Minute,
	purposeSignIn: 3 * time.Minute,
}

// contactAttribute picks where a code for the user goes: email, else phone.
func contactAttribute(u *userRecord) string {
	for _, name := range []string{"email", "phone_number"} {
		if u.attr(name) != "" {
			return name
		}
	}
	return ""
}

// issueCode makes a new 6-digit code for purpose and the attribute it is sent
// to, replacing an older one, within the user's send budget for purpose.
func (u *userRecord) issueCode(purpose, attr string, now time.Time) (*codeRecord, error) {
	return u.issueCodeTo(purpose, attr, u.attr(attr), now)
}

// issueCodeTo is issueCode for a code sent to destination, which may be a
// value not yet stored (a pending email). As in Cognito, each purpose has its
// own budget, so changing an email twice does not use up password resets.
func (u *userRecord) issueCodeTo(purpose, attr, destination string, now time.Time) (*codeRecord, error) {
	u.CodeSends = slices.DeleteFunc(u.CodeSends, func(s codeSend) bool { return now.Sub(s.At) >= time.Hour })
	sent := 0
	for _, s := range u.CodeSends {
		if s.Purpose == purpose {
			sent++
		}
	}
	if sent >= maxCodeSends {
		return nil, apiError(userpool.LimitExceededException, "Attempt limit exceeded, please try after some time.")
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return nil, err
	}
	code := codeRecord{
		Purpose:     purpose,
		Code:        fmt.Sprintf("%06d", n.Int64()),
		Attribute:   attr,
		Destination: destination,
		SentAt:      now,
		ExpiresAt:   now.Add(codeTTL[purpose]),
	}
	u.Codes = slices.DeleteFunc(u.Codes, func(c codeRecord) bool { return c.Purpose == purpose && c.Attribute == attr })
	u.Codes = append(u.Codes, code)
	u.CodeSends = append(u.CodeSends, codeSend{Purpose: purpose, At: now})
	return &code, nil
}

// useCode checks a code. A match removes it; a mismatch counts an attempt.
// The caller must store the user whatever the result, so attempts persist.
func (u *userRecord) useCode(purpose, attr, given string, now time.Time) error {
	i := slices.IndexFunc(u.Codes, func(c codeRecord) bool { return c.Purpose == purpose && (attr == "" || c.Attribute == attr) })
	if i < 0 {
		return errCodeMismatch()
	}
	c := &u.Codes[i]
	switch {
	case c.Attempts >= maxCodeAttempts:
		return apiError(userpool.TooManyFailedAttemptsException, "Too many failed attempts; request a new code.")
	case !now.Before(c.ExpiresAt):
		return apiError(userpool.ExpiredCodeException, "Invalid code provided, please request a code again.")
	case len(given) != len(c.Code) || subtle.ConstantTimeCompare([]byte(given), []byte(c.Code)) != 1:
		c.Attempts++
		return errCodeMismatch()
	}
	u.Codes = slices.Delete(u.Codes, i, i+1)
	return nil
}

// useNoCode is useCode for the record of a name without a user: the same
// counts and answers, but no code is right, as nobody received it.
func (u *userRecord) useNoCode(purpose, given string, now time.Time) error {
	if err := u.useCode(purpose, "", given, now); err != nil {
		return err
	}
	return errCodeMismatch()
}

func errCodeMismatch() *Error {
	return apiError(userpool.CodeMismatchException, "Invalid verification code provided, please try again.")
}

// delivery describes where a code went, masked like Cognito does.
func (c *codeRecord) delivery() *codeDeliveryDetails {
	d := &codeDeliveryDetails{AttributeName: c.Attribute, DeliveryMedium: "EMAIL", Destination: maskEmail(c.Destination)}
	if c.Attribute == "phone_number" {
		d.DeliveryMedium, d.Destination = "SMS", maskPhone(c.Destination)
	}
	return d
}

func maskEmail(e string) string {
	local, domain, ok := strings.Cut(e, "@")
	if !ok || local == "" || domain == "" {
		return "***"
	}
	return local[:1] + "***@" + domain[:1] + "***"
}

func maskPhone(p string) string {
	if len(p) <= 4 {
		return "+****"
	}
	return "+" + strings.Repeat("*", len(p)-5) + p[len(p)-4:]
}

// deliver "sends" a code by logging it; the inbox serves it too.
func (s *Server) deliver(poolID string, u *userRecord, code *codeRecord) {
	s.log.Info("code delivered", "pool", poolID, "username", logValue(u.Username), "purpose", code.Purpose,
		"attribute", code.Attribute, "destination", logValue(code.Destination), "code", code.Code)
}

// inboxEntry is what GET /_local/inbox lists per message.
type inboxEntry struct {
	Purpose           string    `json:"purpose"`
	Code              string    `json:"code,omitempty"`
	TemporaryPassword string    `json:"temporaryPassword,omitempty"`
	Attribute         string    `json:"attribute,omitempty"`
	Destination       string    `json:"destination,omitempty"`
	SentAt            time.Time `json:"sentAt"`
	ExpiresAt         time.Time `json:"expiresAt"`
}

// Temporary passwords are kept in memory only, so the state file never holds a password.
func inboxKey(poolID, username string) string { return poolID + "/" + userKey(username) }

func (s *Server) deliverTemporaryPassword(poolID string, u *userRecord, password string) {
	entry := inboxEntry{Purpose: "temporary_password", TemporaryPassword: password, Attribute: contactAttribute(u),
		Destination: u.attr(contactAttribute(u)), SentAt: s.now(), ExpiresAt: u.TemporaryUntil}
	s.mu.Lock()
	s.inbox[inboxKey(poolID, u.Username)] = []inboxEntry{entry}
	s.mu.Unlock()
	s.log.Info("temporary password delivered to the local inbox", "pool", poolID, "username", logValue(u.Username))
}

// serveInbox answers GET /_local/inbox?username=…[&pool=…]: the user's
// pending codes (and temporary password), newest first.
func (s *Server) serveInbox(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	poolID := q.Get("pool")
	if poolID == "" {
		poolID = s.defaultPoolID
	}
	name := q.Get("username")
	if err := firstError(required("username", name, maxValue), optional("pool", poolID, maxID)); err != nil {
		writeError(w, err.(*Error))
		return
	}
	var user *userRecord
	err := s.view(poolID, func(p *poolTx) (err error) {
		_, user, err = p.poolAndUser(name)
		return err
	})
	if err != nil {
		if e, ok := err.(*Error); ok {
			writeError(w, e)
		} else {
			writeError(w, errUserNotFound())
		}
		return
	}
	var msgs []inboxEntry
	for _, c := range user.Codes {
		msgs = append(msgs, inboxEntry{Purpose: c.Purpose, Code: c.Code, Attribute: c.Attribute, Destination: c.Destination,
			SentAt: c.SentAt, ExpiresAt: c.ExpiresAt})
	}
	s.mu.Lock()
	msgs = append(msgs, s.inbox[inboxKey(poolID, user.Username)]...)
	s.mu.Unlock()
	slices.SortStableFunc(msgs, func(a, b inboxEntry) int { return b.SentAt.Compare(a.SentAt) })
	if msgs == nil {
		msgs = []inboxEntry{}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"userPoolId": poolID, "username": user.Username, "messages": msgs})
}
