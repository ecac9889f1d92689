//go:build !js

package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/cognitowasm/cognitowasm/app/hostedui"
)

func init() {
	register(command{name: "login", summary: "sign in through the hosted UI in a browser (-provider NAME, -no-browser)", run: runLogin})
}

// loginTimeout is how long login waits for the browser to come back.
const loginTimeout = 10 * time.Minute

// runLogin signs in through the hosted UI the way `gcloud auth login` does:
// a loopback redirect (http://127.0.0.1:<port>/callback) with PKCE, the
// system browser or a printed URL, and the session saved like signin's.
func runLogin(ctx context.Context, args []string, std stdio) error {
	fs, pf := newFlagSet("login", std)
	domain := fs.String("domain", os.Getenv("COGNITO_DOMAIN"), "hosted UI domain or base URL (env COGNITO_DOMAIN; default: the local pool's endpoint)")
	provider := fs.String("provider", "", "identity provider to go straight to, e.g. COGNITO or Google")
	noBrowser := fs.Bool("no-browser", false, "print the URL instead of opening the browser")
	port := fs.Int("port", 0, "loopback port for the redirect (0: a free one; the client must register http://127.0.0.1/callback, or this port)")
	if _, err := parseArgs(fs, args, 0, 0, ""); err != nil {
		return err
	}
	if *port < 0 || *port > 65535 {
		return &exitError{code: 2, err: errors.New("-port must be 0 to 65535")}
	}
	users, err := pf.newClient(ctx)
	if err != nil {
		return err
	}
	if *domain == "" {
		if pf.endpoint == "" {
			return &exitError{code: 2, err: errors.New("no hosted UI: set -domain or COGNITO_DOMAIN")}
		}
		*domain = pf.endpoint // the local pool serves its hosted UI on its own URL
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		return fmt.Errorf("listening for the browser's return: %w", err)
	}
	defer ln.Close()
	redirect := "http://" + ln.Addr().String() + "/callback"
	hosted, err := hostedui.New(hostedui.Config{Domain: *domain, ClientID: pf.client, ClientSecret: pf.clientSecret,
		RedirectSignIn: redirect}, users)
	if err != nil {
		return err
	}
	authURL, err := hosted.Start(ctx, &hostedui.StartOptions{Provider: *provider})
	if err != nil {
		return err
	}

	answers := make(chan *url.URL, 1)
	results := make(chan error, 1)
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: loopbackHandler(answers, results)}
	go srv.Serve(ln)
	defer func() {
		// Let the browser's page say how the sign-in ended before stopping.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}()

	if *noBrowser || openBrowser(authURL) != nil {
		fmt.Fprintf(std.err, "Open this URL in a browser to sign in:\n\n  %s\n\n", authURL)
	} else {
		fmt.Fprintf(std.err, "Your browser has been opened to sign in. If it has not, open:\n\n  %s\n\n", authURL)
	}
	ctx, cancel := context.WithTimeout(ctx, loginTimeout)
	defer cancel()
	var back *url.URL
	select {
	case back = <-answers:
	case <-ctx.Done():
		return errors.New("no answer from the browser in time: run `cognitowasm login` again")
	}
	s, err := hosted.Callback(ctx, back)
	results <- err
	if err != nil {
		if msg := hostedui.Message(err); msg != "" {
			return &explained{msg, err}
		}
		return explain(err)
	}
	t, err := s.Tokens(ctx)
	if err != nil {
		return explain(err)
	}
	fmt.Fprintf(std.out, "Signed in as %s. Tokens valid until %s.\n", s.Username(), t.ExpiresAt.Format(time.RFC3339))
	return nil
}

// loopbackHandler takes the first callback the browser brings, and shows the
// browser how the sign-in ended.
func loopbackHandler(answers chan<- *url.URL, results <-chan error) http.Handler {
	var taken atomic.Bool
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/callback" || !hostedui.IsCallback(r.URL) {
			http.NotFound(w, r)
			return
		}
		if !taken.CompareAndSwap(false, true) {
			loopbackPage.Execute(w, "This sign-in has already finished. You can close this tab.")
			return
		}
		answers <- r.URL
		msg := "You are signed in. You can close this tab and go back to the terminal."
		select {
		case err := <-results:
			if err != nil {
				msg = cmp.Or(hostedui.Message(err), "The sign-in failed.") + " The terminal says more."
				w.WriteHeader(http.StatusBadRequest)
			}
		case <-time.After(time.Minute):
			msg = "The terminal did not finish the sign-in. Look there for what happened."
		}
		loopbackPage.Execute(w, msg)
	})
}

var loopbackPage = template.Must(template.New("done").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>cognitowasm login</title></head>
<body><main><h1>cognitowasm login</h1><p role="status">{{.}}</p></main></body></html>
`))

// openBrowser opens url in the system browser.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}
