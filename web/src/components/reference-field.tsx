/**
 * A labelled select of where a deploy task acts: the account's clusters and/or applications, and `${name}` of the
 * task's host_group parameters (the value given at start chooses). A value that is not in the lists (typed in
 * the JSON view, or since deleted) stays selected and is marked, so nothing changes behind the user's back. When
 * the lists cannot be loaded the field is a text field instead: ids and `${name}` can still be typed.
 */
import type { ReactNode } from 'react';
import type { Loaded } from '../lib/use-api.ts';
import { applicationLabel, clusterLabel, type TargetChoices } from '../lib/use-target-choices.ts';
import { paramRef } from '../lib/task-draft.ts';
import { SelectField, TextField } from './fields.tsx';

export interface ReferenceFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  choices: Loaded<TargetChoices>;
  /** Which lists to offer; with both, each option says whether it is a cluster or an application. */
  offer: { readonly clusters: boolean; readonly applications: boolean };
  /** host_group parameters offered as `${name}`. */
  hostGroups?: readonly string[];
  /** The option for an empty value (e.g. "None: chosen at start"); without it an empty value reads "Choose …". */
  emptyLabel?: string;
  required?: boolean;
  hint?: ReactNode;
}

export function ReferenceField(props: ReferenceFieldProps): ReactNode {
  const { choices, offer } = props;
  const both = offer.clusters && offer.applications;
  const noun = both ? 'cluster or application' : offer.clusters ? 'cluster' : 'application';
  if (choices.error) {
    const refs = props.hostGroups && props.hostGroups.length > 0 ? ` or ${paramRef('name')} of a host_group parameter` : '';
    return (
      <TextField label={props.label} value={props.value} onChange={props.onChange} required={props.required}
        hint={<>{props.hint}{props.hint ? ' ' : ''}The {noun} list could not be loaded: type the {noun} id{refs}.</>} />
    );
  }
  const options: { value: string; label: string }[] = [];
  if (offer.clusters) {
    for (const c of choices.data?.clusters ?? []) options.push({ value: c.id, label: `${both ? 'cluster ' : ''}${clusterLabel(c)}` });
  }
  if (offer.applications) {
    for (const a of choices.data?.applications ?? []) options.push({ value: a.id, label: `${both ? 'application ' : ''}${applicationLabel(a)}` });
  }
  for (const name of props.hostGroups ?? []) options.push({ value: paramRef(name), label: `${paramRef(name)} (host_group parameter, chosen at start)` });
  if (props.value === '' || props.emptyLabel !== undefined) {
    options.unshift({ value: '', label: props.emptyLabel ?? `Choose ${offer.clusters ? 'a' : 'an'} ${noun}…` });
  }
  if (!options.some((o) => o.value === props.value)) {
    const unknown = props.value.startsWith('${') ? 'not a host_group parameter of this task' : `no such ${noun}`;
    options.unshift({ value: props.value, label: choices.data ? `${props.value} (${unknown})` : props.value });
  }
  return <SelectField label={props.label} value={props.value} onChange={props.onChange} options={options} required={props.required} hint={props.hint} />;
}
