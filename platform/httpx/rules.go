package httpx

// Rule is what the server enforces on one member of a request body beyond its JSON type, said
// the way a JSON Schema says it, so that the OpenAPI document tells clients and a client can
// check a request before sending it. Build rules from the constants and patterns the domain
// checks with, never from literals of their own, so that the document cannot drift from the
// server. The zero value of each field sets nothing.
type Rule struct {
	Format    string   // a JSON Schema format of a string: "email", "uuid"
	Enum      []string // the only values a string may take
	Pattern   string   // a regular expression (ECMA-262 and RE2 alike) the string matches somewhere; anchor it
	MinLength int      // characters (code points) a string has at least
	MaxLength int      // characters (code points) a string has at most
	Minimum   *int64   // the least value of an integer
	Maximum   *int64   // the greatest value of an integer
	MinItems  int      // elements an array has at least
	MaxItems  int      // elements an array has at most
	Items     *Rule    // the rule of every element of an array
	// Note says what the server does that the schema cannot, such as trimming a value before
	// counting its characters; it joins the member's description.
	Note string
}

// RuledBody is a request body type that states the rules of its members by JSON member name;
// a member that is an object states its own rules on its own type. The OpenAPI builder refuses
// a rule for a member the type does not have, or one that does not fit the member's JSON type.
type RuledBody interface {
	BodyRules() map[string]Rule
}

// Int is v as a Rule's Minimum or Maximum.
func Int[T ~int | ~int64](v T) *int64 {
	n := int64(v)
	return &n
}
