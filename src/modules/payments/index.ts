// The payments module's public surface: payment providers, payments, notifications and refunds.
export type { PaymentProvider, VerifiedNotification } from './provider';
export { sandboxProvider, settleSandboxPayment, signNotification, verifySignature, SIGNATURE_HEADER, TOLERANCE_SECONDS } from './sandbox-provider';
export {
  registerPaymentProvider,
  paymentProvider,
  openPayment,
  getPayment,
  openPaymentsOf,
  capturedPaymentOf,
  claimNotification,
  settlePayment,
  refundPayment,
  type PaymentRow,
} from './services/payment-records';
export { PaymentErrors } from './payments.errors';
