package publiccode

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// Doc is what other checks need from a publiccode.yml, read leniently: a
// value of the wrong type is left empty rather than failing the read.
type Doc struct {
	Version           string
	Name              string
	URL               string
	LandingURL        string
	SoftwareVersion   string
	ReleaseDate       string
	DevelopmentStatus string
	SoftwareType      string
	Roadmap           string
	License           string
	MaintenanceType   string
	Contacts          []Contact
	Contractors       []Contractor
	// Languages are the keys of description, in file order.
	Languages []string

	root *yaml.Node
}

// Contractor is one of maintenance.contractors; Until as written.
type Contractor struct {
	Name  string
	Until string
}

// Contact is one of maintenance.contacts.
type Contact struct {
	Name  string
	Email string
}

func newDoc(root *yaml.Node) *Doc {
	d := &Doc{root: root}
	s := func(path ...string) string {
		n := d.node(path...)
		if n == nil || n.Kind != yaml.ScalarNode || isNull(n) {
			return ""
		}
		return strings.TrimSpace(n.Value)
	}
	d.Version = s("publiccodeYmlVersion")
	d.Name = s("name")
	d.URL = s("url")
	d.LandingURL = s("landingURL")
	d.SoftwareVersion = s("softwareVersion")
	d.ReleaseDate = s("releaseDate")
	d.DevelopmentStatus = s("developmentStatus")
	d.SoftwareType = s("softwareType")
	d.Roadmap = s("roadmap")
	d.License = s("legal", "license")
	d.MaintenanceType = s("maintenance", "type")
	if seq := d.node("maintenance", "contacts"); seq != nil && seq.Kind == yaml.SequenceNode {
		for _, c := range seq.Content {
			name, email := scalarAt(c, "name"), scalarAt(c, "email")
			if name != "" || email != "" {
				d.Contacts = append(d.Contacts, Contact{Name: name, Email: email})
			}
		}
	}
	if seq := d.node("maintenance", "contractors"); seq != nil && seq.Kind == yaml.SequenceNode {
		for _, c := range seq.Content {
			if name := scalarAt(c, "name"); name != "" {
				d.Contractors = append(d.Contractors, Contractor{Name: name, Until: scalarAt(c, "until")})
			}
		}
	}
	if m := d.node("description"); m != nil && m.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(m.Content); i += 2 {
			d.Languages = append(d.Languages, m.Content[i].Value)
		}
	}
	return d
}

// Line returns the line of a key given as its path ("legal", "license"), 0
// when the key is absent.
func (d *Doc) Line(path ...string) int {
	if k := d.key(path...); k != nil {
		return k.Line
	}
	return 0
}

func (d *Doc) node(path ...string) *yaml.Node {
	_, v := d.lookup(path...)
	return v
}

func (d *Doc) key(path ...string) *yaml.Node {
	k, _ := d.lookup(path...)
	return k
}

func (d *Doc) lookup(path ...string) (key, value *yaml.Node) {
	if d == nil {
		return nil, nil
	}
	value = d.root
	for _, name := range path {
		value = deref(value)
		if value == nil || value.Kind != yaml.MappingNode {
			return nil, nil
		}
		found := false
		for i := 0; i+1 < len(value.Content); i += 2 {
			if value.Content[i].Value == name {
				key, value, found = value.Content[i], value.Content[i+1], true
				break
			}
		}
		if !found {
			return nil, nil
		}
	}
	return key, deref(value)
}

func deref(n *yaml.Node) *yaml.Node {
	for d := 0; n != nil && n.Kind == yaml.AliasNode && d < 64; d++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

func scalarAt(m *yaml.Node, name string) string {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == name {
			if v := deref(m.Content[i+1]); v != nil && v.Kind == yaml.ScalarNode && !isNull(v) {
				return strings.TrimSpace(v.Value)
			}
		}
	}
	return ""
}
