package staticsite

import (
	"context"
	"os"
	"time"
)

// A Copy is one precompressed file that [Precompress] wrote or kept.
type Copy struct {
	Name      string // the coded file: the source's name plus the Encoding's suffix
	Size      int64  // its size
	Source    int64  // the size of the file it codes
	Unchanged bool   // it already held the same content and was only marked current
}

// Precompress writes file.br and file.gz beside file, at the best
// compression level, for a [Handler] to serve. The best level is slow (tens
// of seconds for app.wasm), so a copy that already holds the same content is
// kept and only marked current. Copies are readable by all (0644).
func Precompress(ctx context.Context, file string) ([]Copy, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var copies []Copy
	for _, e := range Encodings {
		if err := ctx.Err(); err != nil {
			return copies, err
		}
		c := Copy{Name: file + e.Suffix, Source: int64(len(src))}
		if e.holds(c.Name, src) {
			now := time.Now()
			if err := os.Chtimes(c.Name, now, now); err != nil {
				return copies, err
			}
			if err := os.Chmod(c.Name, 0o644); err != nil { // copies from before 0644 was the rule
				return copies, err
			}
			info, err := os.Stat(c.Name)
			if err != nil {
				return copies, err
			}
			c.Size, c.Unchanged = info.Size(), true
		} else if c.Size, err = e.WriteFile(c.Name, src); err != nil {
			return copies, err
		}
		copies = append(copies, c)
	}
	return copies, nil
}
