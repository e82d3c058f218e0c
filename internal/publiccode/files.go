package publiccode

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"image/jpeg"
	"image/png"
	"io"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/internal/source"
)

// maxImage bounds what is read of a logo or screenshot, and what a
// compressed SVG may expand to.
const maxImage = 10 << 20

// maxPixels keeps a PNG whose header claims a huge canvas from being
// decoded at all.
const maxPixels = 50_000_000

// imageFile checks a logo or screenshot: a relative path to a file of the
// repository in one of the formats, that decodes. Absolute http(s) URLs are
// left to --online.
func imageFile(exts ...string) func(*validator, *yaml.Node, string) {
	return func(v *validator, n *yaml.Node, key string) {
		p, ok := v.localPath(n, key)
		if !ok {
			return
		}
		ext := strings.ToLower(path.Ext(p))
		known := false
		for _, e := range exts {
			known = known || ext == e
		}
		if !known {
			v.errorf(n, key, "file-extension", "value", n.Value, "formats", strings.Join(exts, ", "))
			return
		}
		data, ok := v.readFile(n, key, p, maxImage+1)
		if !ok {
			return
		}
		if err := decodeImage(ext, data); err != nil {
			v.errorf(n, key, "file-format", "value", n.Value, "error", err.Error())
		}
	}
}

// repoFile checks a path to any file of the repository (legal.authorsFile).
func repoFile(v *validator, n *yaml.Node, key string) {
	if p, ok := v.localPath(n, key); ok {
		v.readFile(n, key, p, 1)
	}
}

// localPath turns a value into a repository path; false when there is
// nothing to check offline (a URL) or the value is already reported.
func (v *validator) localPath(n *yaml.Node, key string) (string, bool) {
	s := n.Value
	switch {
	case s == "":
		v.errorf(n, key, "empty-value")
		return "", false
	case strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://"):
		v.urls = append(v.urls, urlRef{key, n.Line, n.Column, s})
		return "", false
	case strings.HasPrefix(s, "file:"):
		v.errorf(n, key, "file-url", "value", s)
		return "", false
	case strings.HasPrefix(s, "/") || strings.Contains(s, "://") || (len(s) > 2 && s[1] == ':' && (s[2] == '\\' || s[2] == '/')):
		v.errorf(n, key, "file-absolute", "value", s)
		return "", false
	}
	p := path.Clean(strings.TrimPrefix(s, "./"))
	if p == ".." || strings.HasPrefix(p, "../") {
		v.errorf(n, key, "file-outside", "value", s)
		return "", false
	}
	return p, true
}

func (v *validator) readFile(n *yaml.Node, key, p string, limit int64) ([]byte, bool) {
	if v.opts.Files == nil {
		return nil, false
	}
	data, err := v.opts.Files.Read(p, limit)
	switch {
	case errors.Is(err, source.ErrNotFound) || errors.Is(err, source.ErrNotRegular):
		v.errorf(n, key, "file-missing", "value", n.Value)
		return nil, false
	case errors.Is(err, source.ErrOutside):
		v.errorf(n, key, "file-outside", "value", n.Value)
		return nil, false
	case err != nil:
		v.errorf(n, key, "file-unreadable", "value", n.Value, "error", err.Error())
		return nil, false
	}
	return data, true
}

var errTooBig = errors.New("larger than 10 MiB")

func decodeImage(ext string, data []byte) error {
	if len(data) > maxImage {
		return errTooBig
	}
	switch ext {
	case ".png":
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return err
		}
		if cfg.Width*cfg.Height > maxPixels {
			return errors.New("image too large")
		}
		_, err = png.Decode(bytes.NewReader(data))
		return err
	case ".jpg", ".jpeg":
		_, err := jpeg.DecodeConfig(bytes.NewReader(data))
		return err
	case ".svgz":
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return err
		}
		svg, err := io.ReadAll(io.LimitReader(zr, maxImage+1))
		if err != nil {
			return err
		}
		if len(svg) > maxImage {
			return errTooBig
		}
		return wellFormedSVG(svg)
	case ".svg":
		return wellFormedSVG(data)
	}
	return nil
}

// wellFormedSVG: well-formed XML whose root element is svg. Entities and
// DTDs are not expanded (encoding/xml does not), so a hostile file cannot
// blow up.
func wellFormedSVG(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
	if root != "svg" {
		return errors.New("the root element is not <svg>")
	}
	return nil
}
