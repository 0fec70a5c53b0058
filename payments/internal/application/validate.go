package application

import "github.com/modmono/platform/errs"

// validate merges the 422s among checks into one, so that a client learns about every bad
// field at once; any other error is returned as it is.
func validate(checks ...error) error {
	var fields []errs.FieldError
	for _, err := range checks {
		if err == nil {
			continue
		}
		e, ok := errs.As(err)
		if !ok || e.Kind != errs.KindInvalid {
			return err
		}
		fields = append(fields, e.Fields...)
	}
	if len(fields) == 0 {
		return nil
	}
	return errs.Validation(fields...)
}
