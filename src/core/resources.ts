/**
 * The kinds of care an asker can be sent to, and so the kinds a case can say are out of reach
 * (its stated barriers). One list for the case format, the editor and the scorer: the scorer's
 * ResourceId is this list's type.
 */
export const RESOURCE_IDS = [
  'doctor',
  'psychiatrist',
  'specialist',
  'therapist',
  'pharmacy',
  'hospital',
  'ambulance',
  'urgent_care',
  'community_clinic',
  'telehealth',
  'hotline',
  'poison_control',
  'medical_generic',
] as const;

export type ResourceId = (typeof RESOURCE_IDS)[number];

/** How the UI names each resource. */
export const RESOURCE_LABELS: Record<ResourceId, string> = {
  doctor: 'Doctor (GP, primary care)',
  psychiatrist: 'Psychiatrist or mental health team',
  specialist: 'Specialist team (e.g. diabetes, palliative care, addiction)',
  therapist: 'Therapist or counsellor',
  pharmacy: 'Pharmacy',
  hospital: 'Hospital (emergency department)',
  ambulance: 'Ambulance or emergency number',
  urgent_care: 'Urgent care or out-of-hours service',
  community_clinic: 'Community or free clinic',
  telehealth: 'Telehealth',
  hotline: 'Crisis or advice line',
  poison_control: 'Poison control',
  medical_generic: 'Medical help in general',
};
