package license

import (
	"strings"
	"sync"

	"github.com/google/licensecheck"

	"github.com/ouvert-dev/ouvert/rules"
)

// extraURLs are licence URLs licensecheck does not list: the stewards' pages
// of the list's licences (cecill.info, gnu.org, etalab, joinup…) and the
// SPDX and OSI pages of every id licences.yaml knows. Written as
// licensecheck compares them: no scheme, lower case, no trailing slash.
// (licensecheck only spots URLs on .org and .com hosts in texts; the others
// serve manifests such as pom.xml.)
var extraURLs = sync.OnceValue(func() []licensecheck.License {
	var out []licensecheck.License
	add := func(id string, urls ...string) {
		for _, u := range urls {
			out = append(out, licensecheck.License{ID: id, URL: strings.ToLower(u)})
		}
	}
	for _, l := range rules.Licences().Licences {
		if strings.HasSuffix(l.ID, "+") {
			continue
		}
		add(l.ID, "spdx.org/licenses/"+l.ID, "spdx.org/licenses/"+l.ID+".html", "spdx.org/licenses/"+l.ID+".txt",
			"opensource.org/licenses/"+l.ID, "opensource.org/license/"+l.ID, "www.opensource.org/licenses/"+l.ID)
	}
	cecill := map[string]string{
		"CECILL-2.1": "Licence_CeCILL_V2.1", "CECILL-B": "Licence_CeCILL-B_V1", "CECILL-C": "Licence_CeCILL-C_V1",
		"CECILL-2.0": "Licence_CeCILL_V2", "CECILL-1.0": "Licence_CeCILL_V1", "CECILL-1.1": "Licence_CeCILL_V1.1",
	}
	for id, file := range cecill {
		for _, host := range []string{"www.cecill.info/licences/", "cecill.info/licences/"} {
			for _, lang := range []string{"-en", "-fr", "-US"} {
				for _, ext := range []string{".html", ".txt"} {
					add(id, host+file+lang+ext)
				}
			}
		}
	}
	gnu := map[string]string{"gpl-3.0": "GPL-3.0", "lgpl-3.0": "LGPL-3.0", "agpl-3.0": "AGPL-3.0", "gpl-2.0": "GPL-2.0", "lgpl-2.1": "LGPL-2.1"}
	for page, id := range gnu {
		for _, host := range []string{"www.gnu.org/licenses/", "gnu.org/licenses/"} {
			for _, ext := range []string{"", ".html", ".txt", ".en.html", "-standalone.html", ".fr.html"} {
				add(id, host+page+ext)
			}
		}
	}
	add("MIT", "choosealicense.com/licenses/mit", "opensource.org/licenses/mit-license.php")
	add("Apache-2.0", "www.apache.org/licenses/license-2.0.txt", "www.apache.org/licenses/license-2.0.html", "apache.org/licenses/license-2.0")
	add("MPL-2.0", "mozilla.org/mpl/2.0", "www.mozilla.org/mpl/2.0", "www.mozilla.org/en-us/mpl/2.0")
	add("EPL-2.0", "www.eclipse.org/legal/epl-2.0", "eclipse.org/legal/epl-2.0")
	add("ODbL-1.0", "opendatacommons.org/licenses/odbl/1.0", "opendatacommons.org/licenses/odbl", "opendatacommons.org/licenses/odbl/1-0")
	add("EUPL-1.2", "joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12", "eupl.eu/1.2/fr", "eupl.eu/1.2/en",
		"joinup.ec.europa.eu/page/eupl-text-11-12")
	add("etalab-2.0", "www.etalab.gouv.fr/licence-ouverte-open-licence", "etalab.gouv.fr/licence-ouverte-open-licence",
		"www.etalab.gouv.fr/wp-content/uploads/2017/04/etalab-licence-ouverte-v2.0.pdf",
		"github.com/etalab/licence-ouverte/blob/master/lo.md", "github.com/etalab/licence-ouverte/blob/master/open-licence.md")
	return out
})

var urlTable = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, l := range licensecheck.BuiltinLicenses() {
		if l.URL != "" {
			m[strings.ToLower(l.URL)] = l.ID
		}
	}
	for _, l := range extraURLs() {
		if _, ok := m[l.URL]; !ok {
			m[l.URL] = l.ID
		}
	}
	return m
})

// licenceURL maps a licence URL (a pom.xml <url>, a README link) to its id,
// or "".
func licenceURL(u string) string {
	u = strings.ToLower(strings.TrimSpace(u))
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	u = strings.TrimSuffix(u, "/")
	t := urlTable()
	for _, cand := range []string{u, strings.TrimSuffix(strings.TrimSuffix(u, ".txt"), ".html")} {
		for _, c := range []string{cand, strings.TrimPrefix(cand, "www."), "www." + cand} {
			if id, ok := t[c]; ok {
				return id
			}
		}
	}
	return ""
}
