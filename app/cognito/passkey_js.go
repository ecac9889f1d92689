package cognito

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"
)

// browserPasskeys is Passkeys through navigator.credentials. The JSON forms
// are converted by the browser itself (PublicKeyCredential.parse…FromJSON
// and toJSON), so no binary field is handled here.
type browserPasskeys struct{}

// platformPasskeys is navigator.credentials where the browser has WebAuthn's JSON API.
func platformPasskeys() Passkeys {
	pkc := js.Global().Get("PublicKeyCredential")
	if pkc.Type() != js.TypeFunction || pkc.Get("parseRequestOptionsFromJSON").Type() != js.TypeFunction {
		return nil
	}
	return browserPasskeys{}
}

func (browserPasskeys) Create(ctx context.Context, options []byte) ([]byte, error) {
	return callCredentials(ctx, "create", "parseCreationOptionsFromJSON", options, "")
}

func (browserPasskeys) Get(ctx context.Context, options []byte, mediation string) ([]byte, error) {
	return callCredentials(ctx, "get", "parseRequestOptionsFromJSON", options, mediation)
}

// callCredentials runs navigator.credentials[method]({publicKey, signal,
// mediation}) and returns the credential's toJSON() as JSON. Cancelling ctx
// aborts the request (a conditional one waits until then).
func callCredentials(ctx context.Context, method, parse string, options []byte, mediation string) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil { // a JavaScript exception thrown synchronously
			err = fmt.Errorf("cognito: passkey %s: %v", method, r)
		}
	}()
	global := js.Global()
	publicKey := global.Get("PublicKeyCredential").Call(parse, global.Get("JSON").Call("parse", string(options)))
	abort := global.Get("AbortController").New()
	request := global.Get("Object").New()
	request.Set("publicKey", publicKey)
	request.Set("signal", abort.Get("signal"))
	if mediation != "" {
		request.Set("mediation", mediation)
	}
	type settled struct {
		value js.Value
		err   error
	}
	done := make(chan settled, 1)
	onOK := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- settled{value: args[0]}
		return nil
	})
	onErr := js.FuncOf(func(_ js.Value, args []js.Value) any {
		name := args[0].Get("name").String()
		if name == "NotAllowedError" || name == "AbortError" {
			done <- settled{err: ErrPasskeyCancelled}
		} else {
			done <- settled{err: fmt.Errorf("cognito: passkey %s: %s: %s", method, name, args[0].Get("message").String())}
		}
		return nil
	})
	defer onOK.Release()
	defer onErr.Release()
	global.Get("navigator").Get("credentials").Call(method, request).Call("then", onOK, onErr)
	select {
	case s := <-done:
		if s.err != nil {
			return nil, s.err
		}
		if s.value.IsNull() || s.value.IsUndefined() {
			return nil, ErrPasskeyCancelled
		}
		return []byte(global.Get("JSON").Call("stringify", s.value.Call("toJSON")).String()), nil
	case <-ctx.Done():
		abort.Call("abort")
		<-done
		return nil, errors.Join(ErrPasskeyCancelled, ctx.Err())
	}
}
