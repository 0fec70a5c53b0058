package domain

import "github.com/modmono/platform/errs"

// Join merges the 422s among checks into one, so that a client learns about every bad field at
// once; a 422 with its own code (CURRENCY_MISMATCH) or any other error is returned as it is.
func Join(checks ...error) error {
	var fields []errs.FieldError
	for _, err := range checks {
		if err == nil {
			continue
		}
		e, ok := errs.As(err)
		if !ok || e.Kind != errs.KindInvalid || e.Code != errs.CodeValidationFailed {
			return err
		}
		fields = append(fields, e.Fields...)
	}
	if len(fields) == 0 {
		return nil
	}
	return errs.Validation(fields...)
}
