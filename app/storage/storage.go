package storage

import (
	"errors"
	"maps"
	"sync"
)

// Store holds string values by key, like the browser's Web Storage.
// Implementations are safe for concurrent use.
type Store interface {
	// Get returns the value of key; ok is false when the key is absent.
	Get(key string) (value string, ok bool, err error)
	Set(key, value string) error
	// Delete removes key; removing an absent key is not an error.
	Delete(key string) error
}

// ErrUnavailable is returned when a store cannot be used, for example when
// the browser refuses Web Storage in a private window or a sandboxed frame.
var ErrUnavailable = errors.New("storage: unavailable")

// Memory is a Store that keeps values in memory for the life of the process.
type Memory struct {
	mu sync.Mutex
	m  map[string]string
}

// NewMemory returns an empty Memory.
func NewMemory() *Memory { return &Memory{m: make(map[string]string)} }

func (s *Memory) Get(key string) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	return v, ok, nil
}

func (s *Memory) Set(key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = value
	return nil
}

func (s *Memory) Delete(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
	return nil
}

// Snapshot returns a copy of every key and value.
func (s *Memory) Snapshot() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.m)
}
