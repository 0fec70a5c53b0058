package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"
)

// failedRow returns a *sql.Row whose Scan reports err. database/sql has no constructor for a Row
// that failed before reaching a database, so the error travels through a connector that always
// fails with the error its context carries; no database is touched and nothing is counted.
func failedRow(err error) *sql.Row {
	ctx := context.WithValue(context.Background(), failedRowKey{}, err)
	return failingDB().QueryRowContext(ctx, "")
}

var failingDB = sync.OnceValue(func() *sql.DB { return sql.OpenDB(failingConnector{}) })

type failedRowKey struct{}

type failingConnector struct{}

func (failingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	if err, ok := ctx.Value(failedRowKey{}).(error); ok {
		return nil, err
	}
	return nil, errors.New("db: failing connector used without an error")
}

func (failingConnector) Driver() driver.Driver { return failingDriver{} }

type failingDriver struct{}

func (failingDriver) Open(string) (driver.Conn, error) {
	return nil, errors.New("db: failing driver cannot open connections")
}
