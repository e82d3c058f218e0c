package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/source"
)

// /dev/null is a character device and no terminal: no colours, no
// redrawn line go there.
func TestDevNullIsNoTerminal(t *testing.T) {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("/dev/null taken for a terminal")
	}
	e := &env{stderr: f, getenv: func(string) string { return "" }}
	if !ciLog(e) {
		t.Error("progress to /dev/null is not written as a log")
	}
}

// progressAt feeds the printer the times given (seconds since the start)
// and returns what it wrote.
func progressAt(terminal bool, lang string, p *source.Progress, secs ...float64) string {
	var buf bytes.Buffer
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	pp := &progressPrinter{w: &buf, p: p, terminal: terminal, lang: lang, start: start}
	for _, s := range secs {
		pp.tick(start.Add(time.Duration(s * float64(time.Second))))
	}
	pp.finish()
	return buf.String()
}

func TestProgressLines(t *testing.T) {
	p := &source.Progress{}
	p.Files(5366)
	for range 5366 {
		p.FileDone()
	}
	if got := progressAt(true, "en", p, 0.5, 1.5); got != "" {
		t.Errorf("a scan under 2 s printed %q", got)
	}
	got := progressAt(true, "en", p, 0.5, 2.5, 3)
	want := "\r\x1b[Kouvert: reading the files, 5,366/5,366 files, 0:02" +
		"\r\x1b[Kouvert: reading the files, 5,366/5,366 files, 0:03" + "\r\x1b[K"
	if got != want {
		t.Errorf("terminal:\n got %q\nwant %q", got, want)
	}
	// In a log: one plain line every 30 s, nothing to clear.
	got = progressAt(false, "en", p, 2.5, 10, 29, 30.5, 45, 59, 61)
	if lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n"); len(lines) != 2 || strings.Contains(got, "\r") ||
		lines[0] != "ouvert: reading the files, 5,366/5,366 files, 0:30" || !strings.HasSuffix(lines[1], "1:01") {
		t.Errorf("log: %q", got)
	}
}

func TestProgressHistoryFrench(t *testing.T) {
	p := &source.Progress{}
	p.Files(10)
	p.SetPhase(source.PhaseBlobs)
	got := progressAt(false, "fr", p, 31)
	if want := "ouvert\u00a0: lecture de l'historique, 0/10 fichiers (0\u00a0%), 0:31\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
