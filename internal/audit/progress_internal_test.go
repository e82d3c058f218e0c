package audit

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// clock is a fake time for the progress lines.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestProgressTerminalLine(t *testing.T) {
	var b bytes.Buffer
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := NewProgress(&b, true, 0)
	p.now = c.now
	p.Begin(10, 2)
	p.start("org/a")
	p.start("org/b")
	c.t = c.t.Add(4 * time.Second)
	p.finish("org/a", false)
	p.start("org/c")
	c.t = c.t.Add(4 * time.Second)
	p.finish("org/b", true)
	out := b.String()
	// Redrawn in place, with what is being scanned and the time left:
	// 2 done in 8 s, 6 left.
	if !strings.Contains(out, "\r\x1b[K4/10 done, 1 failed, ETA 24s: org/c") {
		t.Errorf("live line: %q", out)
	}
	p.Note("GitHub API: rate limited; waiting 1m0s")
	if !strings.Contains(b.String(), "\r\x1b[Kaudit: GitHub API: rate limited; waiting 1m0s\n") {
		t.Errorf("a note must clear the live line first: %q", b.String())
	}
	p.End(false)
	if !strings.HasSuffix(b.String(), "\r\x1b[Kaudit done: 4 of 10 repositories (1 could not be scanned) in 8s\n") {
		t.Errorf("summary: %q", b.String())
	}
}

func TestProgressPlainLines(t *testing.T) {
	var b bytes.Buffer
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := NewProgress(&b, false, 30*time.Second)
	p.now = c.now
	p.Begin(3, 0)
	p.start("org/a")
	p.finish("org/a", false)
	if b.Len() != 0 {
		t.Errorf("a plain stream got a line per event: %q", b.String())
	}
	// What the ticker does every 30 s.
	c.t = c.t.Add(30 * time.Second)
	p.mu.Lock()
	p.draw(false)
	p.mu.Unlock()
	if b.String() != "audit: 1/3 done, ETA 1m0s\n" || strings.Contains(b.String(), "\r") {
		t.Errorf("plain line: %q", b.String())
	}
	p.End(true)
	if !strings.HasSuffix(b.String(), "audit interrupted: 1 of 3 repositories (0 could not be scanned) in 30s\n") {
		t.Errorf("summary: %q", b.String())
	}
	var nilp *Progress
	nilp.Begin(1, 0)
	nilp.start("x")
	nilp.Note("x")
	nilp.End(false)
}

// In French: the words, the no-break spaces, the durations.
func TestProgressFrench(t *testing.T) {
	var b strings.Builder
	p := NewProgress(&b, false, time.Hour)
	p.Lang = "fr"
	start := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	p.now = func() time.Time { return start }
	p.Begin(3, 0)
	p.finish("org/a", false)
	p.finish("org/b", true)
	p.now = func() time.Time { return start.Add(130 * time.Second) }
	if got := p.status(p.now(), 0); got != "2/3 faits, 1 en échec, fin dans 1\u00a0min 5\u00a0s environ" {
		t.Errorf("status = %q", got)
	}
	p.Note("une note")
	p.finish("org/c", false)
	p.End(false)
	for _, want := range []string{"audit\u00a0: une note\n", "audit terminé\u00a0: 3 dépôts sur 3 (1 n'a pas pu être analysé) en 2\u00a0min 10\u00a0s\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("lacks %q: %q", want, b.String())
		}
	}
}
