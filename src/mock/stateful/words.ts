/** Human names and message texts for generated conversations. */

export const FIRST_NAMES = [
  'Dana', 'Noa', 'Maya', 'Lior', 'Amit', 'Yael', 'Omer', 'Tamar', 'Eitan', 'Shira', 'Ariel', 'Roni',
  'Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Sofia', 'Mateo', 'Chloe', 'Leo',
  'Hannah', 'Daniel', 'Grace', 'Samuel', 'Zoe', 'Adam', 'Priya', 'Arjun', 'Mei', 'Kenji', 'Fatima', 'Omar',
] as const;

export const LAST_NAMES = [
  'Levi', 'Cohen', 'Mizrahi', 'Peretz', 'Biton', 'Friedman', 'Smith', 'Johnson', 'Brown', 'Garcia',
  'Miller', 'Davis', 'Martin', 'Rossi', 'Müller', 'Dubois', 'Novak', 'Tanaka', 'Sato', 'Patel',
  'Khan', 'Silva', 'Costa', 'Walsh', 'Murphy', 'Jensen', 'Larsen', 'Kowalski', 'Haddad', 'Nguyen',
] as const;

export const GROUP_NAMES = [
  'Support Team', 'Billing', 'Product Launch', 'Design Review', 'Weekly Sync', 'Mobile App', 'Onboarding',
  'Marketing', 'Ops On-Call', 'Sales EMEA', 'Customer Success', 'Release Train', 'QA', 'Hiring', 'Partners',
] as const;

/** What customers and colleagues write. */
export const CUSTOMER_TEXTS = [
  'Hi, is my order on its way?',
  'Can I change the delivery address?',
  'The invoice shows the wrong amount.',
  'Thanks, that solved it!',
  'When will the refund arrive?',
  'I cannot log in to my account.',
  'Is there a discount for annual plans?',
  'The app crashes when I open settings.',
  'Could you call me back this afternoon?',
  'I would like to cancel my subscription.',
  'Do you ship to Cyprus?',
  'The package arrived damaged 😕',
  'Great, see you tomorrow 🙂',
  'Can you resend the confirmation email?',
  'Which plan includes WhatsApp?',
  'Is the store open on Friday?',
] as const;

/** What agents and the user answer. */
export const AGENT_TEXTS = [
  'Sure, let me check that for you.',
  'Your order ships today.',
  'I have sent you a new invoice.',
  'The refund was issued this morning.',
  'Could you send a screenshot?',
  'Done, anything else I can help with?',
  'We will get back to you within the hour.',
  'Thanks for your patience!',
] as const;

/** Escapes text for CommBox's HTML `message` fields. */
export function toHtml(text: string): string {
  return `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`;
}
