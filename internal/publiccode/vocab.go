package publiccode

// The standard's controlled vocabularies: docs/standard/categories-list.rst
// and scope-list.rst of publiccodeyml/publiccode.yml (v0.7.0).

var categories = []string{
	"accounting", "agile-project-management", "applicant-tracking", "application-development",
	"appointment-scheduling", "backup", "billing-and-invoicing", "blog", "budgeting",
	"business-intelligence", "business-process-management", "cad", "call-center-management",
	"cloud-management", "collaboration", "communications", "compliance-management", "contact-management",
	"content-management", "crm", "customer-service-and-support", "data-analytics", "data-collection",
	"data-visualization", "design", "design-system", "digital-asset-management", "digital-citizenship",
	"document-management", "donor-management", "e-commerce", "e-signature", "educational-content",
	"email-management", "email-marketing", "employee-management", "enterprise-project-management",
	"enterprise-social-networking", "erp", "event-management", "facility-management",
	"feedback-and-reviews-management", "financial-reporting", "fleet-management", "fundraising",
	"gamification", "geographic-information-systems", "grant-management", "graphic-design", "help-desk",
	"hr", "ide", "identity-management", "instant-messaging", "integrated-library-system",
	"inventory-management", "it-asset-management", "it-development", "it-management", "it-security",
	"it-service-management", "knowledge-management", "learning-management-system", "marketing",
	"mind-mapping", "mobile-marketing", "mobile-payment", "network-management", "office", "online-booking",
	"online-community", "payment-gateway", "payroll", "predictive-analysis", "procurement",
	"productivity-suite", "project-collaboration", "project-management", "property-management",
	"real-estate-management", "regulations-and-directives", "remote-support", "resource-management",
	"sales-management", "seo", "service-desk", "social-media-management", "survey", "talent-management",
	"task-management", "taxes-management", "test-management", "time-management", "time-tracking",
	"translation", "video-conferencing", "video-editing", "visitor-management", "voip",
	"warehouse-management", "web-collaboration", "web-conferencing", "website-builder", "whistleblowing",
	"workflow-management", "other",
}

var scopes = []string{
	"agriculture", "culture", "defence", "education", "emergency-services", "employment", "energy",
	"environment", "finance-and-economic-development", "foreign-affairs", "government", "healthcare",
	"infrastructures", "justice", "local-authorities", "manufacturing", "research",
	"science-and-technology", "security", "society", "sport", "tourism", "transportation", "welfare",
}

// Versions lists the publiccodeYmlVersion values the standard published;
// "0" means the latest 0.x. 0.6 changed nothing in the standard but was
// tagged, so files declare it.
var Versions = []string{"0", "0.2", "0.2.0", "0.2.1", "0.2.2", "0.3", "0.3.0", "0.4", "0.4.0",
	"0.5", "0.5.0", "0.6", "0.6.0", "0.7", "0.7.0"}

// Latest is the version "0" stands for.
const Latest = "0.7"

// misnamed are keys seen in the wild that are not near-misses of a real
// key but have a known replacement.
var misnamed = map[string]string{
	"latestRelease":  "softwareVersion",
	"version":        "softwareVersion",
	"creationDate":   "",
	"localization":   "localisation",
	"license":        "legal.license",
	"licence":        "legal.license",
	"repoURL":        "url",
	"repositoryURL":  "url",
	"homepage":       "landingURL",
	"website":        "landingURL",
	"maintainer":     "maintenance.contacts",
	"contacts":       "maintenance.contacts",
	"availableLangs": "localisation.availableLanguages",
}
