// Types for the matchers that Testing.setupJest() registers.
import 'cdktf/lib/testing/adapters/jest';
