package localpool

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// Error is a Cognito exception as the pool answers it: HTTP 400 with
// {"__type": Type, "message": Message}.
type Error struct {
	Type    string // Cognito's exception name, e.g. "NotAuthorizedException"
	Message string
}

func (e *Error) Error() string { return e.Type + ": " + e.Message }

// Is makes errors.Is match on the exception name, and on the message too
// when target has one.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Type == e.Type && (t.Message == "" || t.Message == e.Message)
}

func apiError(typ, format string, args ...any) *Error {
	return &Error{Type: typ, Message: fmt.Sprintf(format, args...)}
}

func errInvalidParameter(format string, args ...any) *Error {
	return apiError(userpool.InvalidParameterException, format, args...)
}

func errNotAuthorized(format string, args ...any) *Error {
	return apiError(userpool.NotAuthorizedException, format, args...)
}

func errResourceNotFound(format string, args ...any) *Error {
	return apiError(userpool.ResourceNotFoundException, format, args...)
}

func errUserNotFound() *Error {
	return apiError(userpool.UserNotFoundException, "User does not exist.")
}

// errBadCredentials is the one answer for a wrong password and an unknown
// user, so sign-in cannot be used to enumerate users.
func errBadCredentials() *Error { return errNotAuthorized("Incorrect username or password.") }

const (
	targetPrefix = "AWSCognitoIdentityProviderService."
	maxBodyBytes = 64 << 10
)

// call is one API request being served.
type call struct {
	s   *Server
	r   *http.Request
	now time.Time
}

type handler func(c *call, body []byte) (any, error)

// op adapts a typed operation to the dispatch table: it decodes the body into In.
func op[In any](f func(c *call, in *In) (any, error)) handler {
	return func(c *call, body []byte) (any, error) {
		var in In
		if len(bytes.TrimSpace(body)) > 0 {
			if err := json.Unmarshal(body, &in); err != nil {
				return nil, apiError(userpool.SerializationException, "The request body is not valid JSON for this operation.")
			}
		}
		return f(c, &in)
	}
}

// serveAPI answers POST / : the JSON 1.1 protocol with X-Amz-Target dispatch.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	target := r.Header.Get("X-Amz-Target")
	name, ok := strings.CutPrefix(target, targetPrefix)
	h := operations[name]
	if !ok || h == nil {
		writeError(w, apiError(userpool.UnknownOperationException, "Unknown operation %q.", truncate(target, 100)))
		return
	}
	if s.refuseCrossSite(w, r, name) {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		writeError(w, errInvalidParameter("The request body is larger than %d bytes, or did not arrive within %s.", maxBodyBytes, s.bodyTimeout))
		return
	}
	// Every operation of the model is checked against it before it runs.
	body, invalid := checkInput(name, body)
	if invalid != nil {
		writeError(w, invalid)
		return
	}
	out, err := h(&call{s: s, r: r, now: s.now()}, body)
	if err != nil {
		var apiErr *Error
		if !errors.As(err, &apiErr) {
			// Storage or crypto failure: a real fault, not bad input.
			s.log.Error("operation failed", "op", name, "err", err)
			w.WriteHeader(http.StatusInternalServerError)
			_ = json.NewEncoder(w).Encode(map[string]string{"__type": userpool.InternalErrorException, "message": "internal error"})
			return
		}
		s.log.Debug("operation refused", "op", name, "type", apiErr.Type, "message", apiErr.Message)
		writeError(w, apiErr)
		return
	}
	if out == nil {
		out = struct{}{}
	}
	writeJSON(w, http.StatusOK, out)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		raw = []byte(`{"__type":"InternalErrorException","message":"encoding failed"}`)
		status = http.StatusInternalServerError
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	_, _ = w.Write(raw)
}

func writeError(w http.ResponseWriter, e *Error) {
	w.Header().Set("X-Amzn-Errortype", e.Type+":")
	writeJSON(w, http.StatusBadRequest, map[string]string{"__type": e.Type, "message": e.Message})
}

// CORS: any origin may call the pool, so the wasm app can run on another port.
const (
	corsAllowMethods  = "GET, POST, OPTIONS"
	corsExposeHeaders = "x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date"
)

// corsAllowedHeader reports whether a browser may send the request header.
func corsAllowedHeader(h string) bool {
	h = strings.ToLower(strings.TrimSpace(h))
	switch h {
	case "content-type", "cache-control", "authorization", "x-amz-target", "x-amz-user-agent",
		"x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "x-amz-api-version":
		return true
	}
	return strings.HasPrefix(h, "amz-sdk-")
}

func setCORS(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Access-Control-Allow-Origin", "*")
	hdr.Set("Access-Control-Expose-Headers", corsExposeHeaders)
	if r.Method != http.MethodOptions {
		return
	}
	allowed := []string{"content-type", "cache-control", "x-amz-target", "x-amz-user-agent", "authorization"}
	for _, h := range strings.Split(r.Header.Get("Access-Control-Request-Headers"), ",") {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" && corsAllowedHeader(h) {
			allowed = append(allowed, h)
		}
	}
	hdr.Set("Access-Control-Allow-Methods", corsAllowMethods)
	hdr.Set("Access-Control-Allow-Headers", strings.Join(dedupe(allowed), ", "))
	hdr.Set("Access-Control-Max-Age", "86400")
	hdr.Add("Vary", "Access-Control-Request-Headers")
}

func dedupe(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Field checks. Each returns an InvalidParameterException naming the field, in
// the shape of Cognito's validation messages.

// required checks a mandatory string field and its length.
func required(name, v string, max int) error {
	if v == "" {
		return errInvalidParameter("1 validation error detected: Value at '%s' failed to satisfy constraint: Member must not be null", name)
	}
	return optional(name, v, max)
}

// optional checks the length of a field that may be empty.
func optional(name, v string, max int) error {
	if len(v) > max {
		return errInvalidParameter("1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", name, max)
	}
	return nil
}

// firstError returns the first non-nil error, so handlers validate in one line.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Field length limits (Cognito's where it documents them).
const (
	maxID        = 128  // pool, client ids, usernames
	maxName      = 128  // names of pools, clients, groups, attributes
	maxPassword  = 256  // passwords
	maxToken     = 8192 // JWTs, refresh tokens, SRP values, sessions
	maxValue     = 2048 // attribute values, descriptions, URLs
	maxListItems = 100  // items in any list input
)

func checkList(name string, items []string, maxLen int) error {
	if len(items) > maxListItems {
		return errInvalidParameter("1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", name, maxListItems)
	}
	for _, it := range items {
		if err := optional(name, it, maxLen); err != nil {
			return err
		}
	}
	return nil
}

func checkAttributes(name string, attrs []attribute) error {
	if len(attrs) > maxListItems {
		return errInvalidParameter("1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", name, maxListItems)
	}
	for _, a := range attrs {
		if err := firstError(required(name+".member.Name", a.Name, maxName), optional(name+".member.Value", a.Value, maxValue)); err != nil {
			return err
		}
	}
	return nil
}

func checkMap(name string, m map[string]string) error {
	if len(m) > maxListItems {
		return errInvalidParameter("1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", name, maxListItems)
	}
	for k, v := range m {
		if err := firstError(optional(name+".key", k, maxName), optional(name+"."+truncate(k, 40), v, maxToken)); err != nil {
			return err
		}
	}
	return nil
}

// logValue keeps user-provided strings short in logs.
func logValue(s string) slog.Value { return slog.StringValue(truncate(s, 128)) }
