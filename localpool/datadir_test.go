package localpool_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cognitowasm/cognitowasm/localpool"
)

// A second pool on a data dir that one has open says the dir is in use,
// not "open …: timeout".
func TestDataDirInUse(t *testing.T) {
	dir := t.TempDir()
	first, err := localpool.Open(localpool.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	_, err = localpool.Open(localpool.Options{DataDir: dir})
	if !errors.Is(err, localpool.ErrDataDirInUse) || !strings.Contains(err.Error(), "in use by another process") || strings.Contains(err.Error(), "timeout") {
		t.Fatalf("second Open: %v, want ErrDataDirInUse in plain words", err)
	}
}
