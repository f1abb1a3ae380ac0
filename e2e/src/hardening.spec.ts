import { describeGeneratedInput } from './hardening/generated-input.tests';
import { useHardeningStack } from './hardening/hardening-stack';
import { describeInputLimits } from './hardening/input-limits.tests';
import { describeLogsWithoutPii } from './hardening/logs-without-pii.tests';
import { describeSecurityHeaders } from './hardening/security-headers.tests';

// One stack for every group, in this order: the last one reads the logs all the others made.
describe('hardened inputs, security headers and logs without PII', () => {
  const suite = useHardeningStack();
  describeGeneratedInput(suite);
  describeInputLimits(suite);
  describeSecurityHeaders(suite);
  describeLogsWithoutPii(suite);
});
