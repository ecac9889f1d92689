//go:build js

package storage

import (
	"fmt"
	"syscall/js"
)

// webStorage is a Store over a Web Storage object such as localStorage.
type webStorage struct {
	name string
	v    js.Value
}

// NewLocalStorage returns a Store over the browser's localStorage, which
// keeps values across browser restarts. It fails with ErrUnavailable when the
// browser refuses Web Storage (some private modes, sandboxed frames, storage
// disabled by the user).
func NewLocalStorage() (Store, error) { return newWebStorage("localStorage") }

// NewSessionStorage returns a Store over the browser's sessionStorage, which
// keeps values while the tab is open. It fails as NewLocalStorage does.
func NewSessionStorage() (Store, error) { return newWebStorage("sessionStorage") }

// probeKey is written and removed once to find out whether writes work:
// some browsers expose a storage object whose setItem always throws.
const probeKey = "cognitowasm.probe"

func newWebStorage(name string) (Store, error) {
	s := &webStorage{name: name}
	// Reading window.localStorage itself throws a SecurityError when storage
	// is blocked; going through Reflect.get turns that into a recoverable
	// error rather than a crash.
	v, err := s.call(js.Global().Get("Reflect"), "get", js.Global(), name)
	if err != nil {
		return nil, err
	}
	if v.Type() != js.TypeObject {
		return nil, fmt.Errorf("%w: %s is %s", ErrUnavailable, name, v.Type())
	}
	s.v = v
	if err := s.Set(probeKey, "1"); err != nil {
		return nil, err
	}
	if err := s.Delete(probeKey); err != nil {
		return nil, err
	}
	return s, nil
}

// call calls a JavaScript method, returning a thrown exception as an error.
func (s *webStorage) call(obj js.Value, method string, args ...any) (v js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			jsErr, ok := r.(js.Error)
			if !ok {
				panic(r)
			}
			err = fmt.Errorf("%w: %s.%s: %v", ErrUnavailable, s.name, method, jsErr)
		}
	}()
	return obj.Call(method, args...), nil
}

func (s *webStorage) Get(key string) (string, bool, error) {
	v, err := s.call(s.v, "getItem", key)
	if err != nil || v.Type() != js.TypeString {
		return "", false, err
	}
	return v.String(), true, nil
}

func (s *webStorage) Set(key, value string) error {
	_, err := s.call(s.v, "setItem", key, value)
	return err
}

func (s *webStorage) Delete(key string) error {
	_, err := s.call(s.v, "removeItem", key)
	return err
}
