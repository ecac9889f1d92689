package localpooltest

import (
	"context"
	"html"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Browser is a browser with a cookie jar on the pool, for the hosted UI's
// federated flows. The pool may be reached by any loopback name on its
// port, such as <domain>.localhost.
type Browser struct {
	pool   *url.URL
	client *http.Client
}

// NewBrowser is a browser with an empty cookie jar.
func (p *Pool) NewBrowser(t testing.TB) *Browser {
	t.Helper()
	pool, err := url.Parse(p.URL)
	if err != nil {
		t.Fatalf("localpooltest: %v", err)
	}
	dial := (&net.Dialer{}).DialContext
	jar, _ := cookiejar.New(nil)
	return &Browser{pool: pool, client: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return dial(ctx, network, pool.Host) // every name of the pool is the pool
		}}}}
}

// StandInSignIn is Browser.StandInSignIn in a new browser.
func (p *Pool) StandInSignIn(t testing.TB, authURL string, choice url.Values) (*url.URL, string) {
	t.Helper()
	return p.NewBrowser(t).StandInSignIn(t, authURL, choice)
}

// StandInSignIn goes from authURL (an authorize URL with identity_provider
// naming a stand-in provider) through the stand-in's page, where it posts
// choice ({"identity": {"0"}} for the first demo identity, or {"email": …,
// "name": …} for a typed one), and the auto-posting forms of Apple's
// form_post and SAML. It returns the URL the pool finally redirects to
// (the app's callback) without loading it, and the stand-in page it saw.
func (b *Browser) StandInSignIn(t testing.TB, authURL string, choice url.Values) (*url.URL, string) {
	t.Helper()
	return b.walk(t, authURL, choice)
}

// Follow follows redirects and auto-posting forms (such as a SAML
// LogoutResponse) from start and returns the first redirect that leaves
// the pool, without loading it.
func (b *Browser) Follow(t testing.TB, start string) *url.URL {
	t.Helper()
	back, _ := b.walk(t, start, nil)
	return back
}

func (b *Browser) onPool(u *url.URL) bool {
	h := u.Hostname()
	return u.Port() == b.pool.Port() && (h == b.pool.Hostname() || h == "localhost" || strings.HasSuffix(h, ".localhost"))
}

func (b *Browser) walk(t testing.TB, start string, choice url.Values) (*url.URL, string) {
	t.Helper()
	next, err := url.Parse(start)
	if err != nil {
		t.Fatalf("localpooltest: %v", err)
	}
	var form url.Values
	var page string
	for range 20 {
		if !b.onPool(next) {
			t.Fatalf("localpooltest: the browser left the pool for %s", next)
		}
		resp, body := load(t, b.client, next, form)
		form = nil
		if loc, err := resp.Location(); err == nil {
			if !b.onPool(loc) {
				return loc, page
			}
			next = loc
			continue
		}
		formID := ""
		if strings.Contains(body, `id="standin-notice"`) {
			if page != "" || choice == nil {
				t.Fatalf("localpooltest: unexpected stand-in page (%d):\n%s", resp.StatusCode, body)
			}
			page, formID = body, "standin-demo"
			if choice.Has("email") {
				formID = "standin-typed"
			}
		}
		action, fields, ok := postForm(body, formID)
		if resp.StatusCode != http.StatusOK || !ok {
			t.Fatalf("localpooltest: the browser stopped at %s (%d):\n%s", next, resp.StatusCode, body)
		}
		if formID != "" {
			for k, v := range choice {
				fields[k] = v
			}
		}
		if next, err = next.Parse(action); err != nil {
			t.Fatalf("localpooltest: form action %q: %v", action, err)
		}
		form = fields
	}
	t.Fatalf("localpooltest: the browser did not leave the pool")
	return nil, ""
}

var (
	formPattern   = regexp.MustCompile(`(?s)<form method="post" action="([^"]*)"([^>]*)>(.*?)</form>`)
	hiddenPattern = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)"`)
)

// postForm is the action and hidden fields of the page's form with the id
// (the first form when id is "").
func postForm(body, id string) (string, url.Values, bool) {
	for _, m := range formPattern.FindAllStringSubmatch(body, -1) {
		if id != "" && !strings.Contains(m[2], `id="`+id+`"`) {
			continue
		}
		fields := url.Values{}
		for _, h := range hiddenPattern.FindAllStringSubmatch(m[3], -1) {
			fields.Set(h[1], html.UnescapeString(h[2]))
		}
		return html.UnescapeString(m[1]), fields, true
	}
	return "", nil, false
}
