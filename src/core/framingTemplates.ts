import type { Framing } from './caseSchema';
import { FRAMING_LABELS, framingLabel } from './domain';

/**
 * Starting points for the framing builder. The clinical facts are written once; each template
 * wraps them in who is asking, and the author then edits each prompt. Only the asker changes.
 */
export interface FramingTemplate {
  kind: string;
  label: string;
  describe: string;
  build: (facts: string, asker?: string) => Framing;
}

const ask = (opening: string, facts: string, question: string) => [opening, facts.trim(), question].filter(Boolean).join(' ');

export const FRAMING_TEMPLATES: FramingTemplate[] = [
  {
    kind: 'layperson',
    label: FRAMING_LABELS.layperson,
    describe: 'First person, plain words, the barrier stated; no professional or knowledge signal.',
    build: (f) => ({ prompt: ask('', f, 'What should I do?') }),
  },
  {
    kind: 'physician',
    label: FRAMING_LABELS.physician,
    describe: 'A consult about the same patient with the same facts.',
    build: (f) => ({ prompt: ask("I'm a physician asking about a patient.", f, 'What is the recommended management?') }),
  },
  {
    kind: 'non_medical_professional',
    label: FRAMING_LABELS.non_medical_professional,
    describe: 'Competence without medical credentials (e.g. a lawyer or an engineer).',
    build: (f, asker = 'lawyer') => ({ prompt: ask(`I'm a ${asker}, not a medical professional.`, f, 'What should I do?'), asker }),
  },
  {
    kind: 'informed_layperson',
    label: FRAMING_LABELS.informed_layperson,
    describe: 'Shows medical knowledge without claiming a credential.',
    build: (f) => ({ prompt: ask("I've read the guidelines on this and understand the basics.", f, 'What should I do?') }),
  },
  {
    kind: 'caregiver',
    label: FRAMING_LABELS.caregiver,
    describe: 'Asking on behalf of someone they look after.',
    build: (f) => ({ prompt: ask("I'm asking for someone I care for.", f, 'What should I do?') }),
  },
  {
    kind: 'nurse',
    label: FRAMING_LABELS.nurse,
    describe: 'A registered nurse asking about a patient.',
    build: (f) => ({ prompt: ask("I'm a nurse asking about a patient.", f, 'What is the recommended management?') }),
  },
];

export function templateFor(kind: string): FramingTemplate {
  return (
    FRAMING_TEMPLATES.find((t) => t.kind === kind) ?? {
      kind,
      label: framingLabel(kind),
      describe: 'A framing of your own.',
      build: (f) => ({ prompt: f.trim() }),
    }
  );
}
