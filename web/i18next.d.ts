import type { Messages as ConsoleMessages } from './console/src/i18n/zh-CN';
import type { MemberMessages } from './member/src/i18n';

// Typed translation keys. The console and the member pages are separate bundles with separate
// namespaces; they share these types only, never each other's strings at run time.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'console';
    resources: { console: ConsoleMessages; member: MemberMessages };
  }
}
