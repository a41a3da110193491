import { ComingLater } from '../../../layout/ComingLater';

/** Placeholder until this page is built (its route and navigation entry are already in place). */
export default function NewOrderPage() {
  return <ComingLater />;
}
