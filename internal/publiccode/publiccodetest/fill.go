// Package publiccodetest helps tests play the person who completes a
// drafted publiccode.yml.
package publiccodetest

import (
	"strings"
)

// longText is a description long enough for the standard (150 characters).
const longText = "This software helps a public body publish and follow its records. " +
	"It is used every day by the teams that keep those records, and by the public who reads them."

// FillTodos replaces every [TODO: …] value of a draft with a plausible
// value for its key, as a person would; lines without a TODO are kept.
func FillTodos(data []byte) []byte {
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if !strings.Contains(l, "\"[TODO") {
			continue
		}
		indent := l[:len(l)-len(strings.TrimLeft(l, " "))]
		key, _, _ := strings.Cut(strings.TrimSpace(l), ":")
		switch key {
		case "name", "- name":
			v := "Camille Martin"
			if indent == "" {
				v = "Registre"
			}
			lines[i] = indent + key + ": " + v
		case "url":
			lines[i] = indent + `url: "https://git.example.org/registre"`
		case "softwareType":
			lines[i] = indent + "softwareType: library"
		case "developmentStatus":
			lines[i] = indent + "developmentStatus: beta"
		case "shortDescription":
			lines[i] = indent + "shortDescription: Publish and follow records."
		case "longDescription":
			lines[i] = indent + "longDescription: " + longText
		case "license":
			lines[i] = indent + "license: MIT"
		case "type":
			lines[i] = indent + "type: internal"
		default: // a list item: platforms or features
			if strings.HasPrefix(strings.TrimSpace(l), "- ") {
				v := "web"
				if len(indent) > 4 {
					v = "Record keeping"
				}
				lines[i] = indent + "- " + v
			}
		}
	}
	return []byte(strings.Join(lines, "\n"))
}
