package application

import (
	"errors"
	"fmt"

	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/page"
)

// Application is the payments context's use cases, each wrapped in the bus's decorators. The
// interfaces layer calls nothing else.
type Application struct {
	Commands Commands
	Queries  Queries
}

// Commands change state; each runs its writes in units of work.
type Commands struct {
	PayOrder             bus.Handler[PayOrder, PaymentView]
	RefundPayment        bus.Handler[RefundPayment, RefundView]
	RefundCancelledOrder bus.Handler[RefundCancelledOrder, struct{}]
	RecoverPayments      bus.Handler[RecoverPayments, int]
}

// Queries only read, from the read model.
type Queries struct {
	GetPayment   bus.Handler[GetPayment, PaymentView]
	ListPayments bus.Handler[ListPayments, page.Page[PaymentView]]
}

// New builds every handler and registers it with d.Bus. It reports every missing dependency
// and bad setting at once, so wiring fails at start with the whole list.
func New(d Deps) (*Application, error) {
	problems := []error{d.Config.validate()}
	if d.Bus == nil {
		problems = append(problems, errors.New("bus is nil"))
	}
	uow, clk, cfg := d.UnitOfWork, d.Clock, d.Config
	pay, err := NewPayOrderHandler(uow, d.Orders, d.CardProcessor, clk, cfg)
	problems = append(problems, err)
	refund, err := NewRefundPaymentHandler(uow, clk)
	problems = append(problems, err)
	refundCancelled, err := NewRefundCancelledOrderHandler(uow, clk)
	problems = append(problems, err)
	recoverPayments, err := NewRecoverPaymentsHandler(uow, d.CardProcessor, clk, cfg)
	problems = append(problems, err)
	getPayment, err := NewGetPaymentHandler(d.PaymentReadModel)
	problems = append(problems, err)
	listPayments, err := NewListPaymentsHandler(d.PaymentReadModel)
	problems = append(problems, err)
	if err := errors.Join(problems...); err != nil {
		return nil, fmt.Errorf("payments application: %w", err)
	}

	b := d.Bus
	return &Application{
		Commands: Commands{
			PayOrder:             bus.Command(b, "payments.pay_order", pay),
			RefundPayment:        bus.Command(b, "payments.refund_payment", refund),
			RefundCancelledOrder: bus.Command(b, "payments.refund_cancelled_order", refundCancelled),
			RecoverPayments:      bus.Command(b, "payments.recover_payments", recoverPayments),
		},
		Queries: Queries{
			GetPayment:   bus.Query(b, "payments.get_payment", getPayment),
			ListPayments: bus.Query(b, "payments.list_payments", listPayments),
		},
	}, nil
}
