//go:build js

package storage

import (
	"errors"
	"syscall/js"
	"testing"
)

// installWebStorage sets globalThis[name] to a Web Storage–like object backed
// by a map, since node has no localStorage.
func installWebStorage(t *testing.T, name string) map[string]string {
	items := map[string]string{}
	obj := js.Global().Get("Object").New()
	funcs := map[string]js.Func{
		"getItem": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if v, ok := items[args[0].String()]; ok {
				return v
			}
			return nil
		}),
		"setItem": js.FuncOf(func(_ js.Value, args []js.Value) any {
			items[args[0].String()] = args[1].String()
			return nil
		}),
		"removeItem": js.FuncOf(func(_ js.Value, args []js.Value) any {
			delete(items, args[0].String())
			return nil
		}),
	}
	for method, f := range funcs {
		obj.Set(method, f)
	}
	js.Global().Set(name, obj)
	t.Cleanup(func() {
		js.Global().Delete(name)
		for _, f := range funcs {
			f.Release()
		}
	})
	return items
}

// evalGlobal defines globalThis[name] with JavaScript source, for storages
// that throw as blocked browser storage does.
func evalGlobal(t *testing.T, name, source string) {
	js.Global().Get("Function").New(source).Invoke()
	t.Cleanup(func() { js.Global().Delete(name) })
}

func TestWebStorage(t *testing.T) {
	items := installWebStorage(t, "testStorage")
	s, err := newWebStorage("testStorage")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 0 {
		t.Errorf("probe key left behind: %v", items)
	}
	if err := SaveSession(s, "client1", "alice", Tokens{IDToken: "i", AccessToken: "a", RefreshToken: "r"}); err != nil {
		t.Fatal(err)
	}
	if items["CognitoIdentityServiceProvider.client1.alice.idToken"] != "i" || items["CognitoIdentityServiceProvider.client1.LastAuthUser"] != "alice" {
		t.Errorf("stored %v", items)
	}
	user, tok, ok, err := LoadSession(s, "client1")
	if err != nil || !ok || user != "alice" || tok.RefreshToken != "r" {
		t.Errorf("LoadSession = %q, %+v, %v, %v", user, tok, ok, err)
	}
	if err := s.Delete("CognitoIdentityServiceProvider.client1.alice.idToken"); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Get("CognitoIdentityServiceProvider.client1.alice.idToken"); ok || err != nil {
		t.Errorf("Get after Delete: %v, %v", ok, err)
	}
}

func TestWebStorageUnavailable(t *testing.T) {
	evalGlobal(t, "throwingGetter", `Object.defineProperty(globalThis, "throwingGetter", {
		configurable: true, get() { throw new DOMException("The operation is insecure.", "SecurityError"); }})`)
	evalGlobal(t, "quotaStorage", `globalThis.quotaStorage = {
		getItem() { return null; }, removeItem() {},
		setItem() { throw new DOMException("quota exceeded", "QuotaExceededError"); }}`)
	evalGlobal(t, "nullStorage", `globalThis.nullStorage = null`)
	for _, name := range []string{"throwingGetter", "quotaStorage", "nullStorage", "absentStorage"} {
		t.Run(name, func(t *testing.T) {
			s, err := newWebStorage(name)
			if s != nil || !errors.Is(err, ErrUnavailable) {
				t.Errorf("newWebStorage(%q) = %v, %v; want ErrUnavailable", name, s, err)
			}
		})
	}
	// node has no localStorage of its own (before node 22).
	if js.Global().Get("localStorage").IsUndefined() {
		if _, err := NewLocalStorage(); !errors.Is(err, ErrUnavailable) {
			t.Errorf("NewLocalStorage without localStorage: %v", err)
		}
	}
}

func TestWebStorageThrowsLater(t *testing.T) {
	// Storage that works at first and then refuses writes (quota reached).
	installWebStorage(t, "laterStorage")
	s, err := newWebStorage("laterStorage")
	if err != nil {
		t.Fatal(err)
	}
	js.Global().Get("Function").New(`globalThis.laterStorage.setItem = function() { throw new DOMException("full", "QuotaExceededError"); }`).Invoke()
	if err := s.Set("k", "v"); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Set: %v, want ErrUnavailable", err)
	}
}
