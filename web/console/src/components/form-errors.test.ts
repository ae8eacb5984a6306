import type { FormInstance } from 'antd';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/http';
import { applyFieldErrors, onlyFields } from './form-errors';

// A stand-in for antd's form that records what setFields was given.
function recordingForm() {
  const set: Array<{ name: unknown; errors: string[] }> = [];
  return { form: { setFields: (fields: Array<{ name: unknown; errors: string[] }>) => set.push(...fields) } as unknown as FormInstance, set };
}

const conflict = new ApiError({ status: 409, title: 'Conflict', detail: '已有名为“运营重点”的标签组', code: 'crm.tag_group_name_taken', errors: [{ path: 'name', message: 'taken' }] });

describe('server field errors on a form', () => {
  it("puts each error under its field, and what has no field in 'unmatched'", () => {
    const { form, set } = recordingForm();
    const err = new ApiError({ status: 400, title: 'Bad', errors: [{ path: 'skus.0.code', message: 'too long' }, { path: 'other', message: 'nope' }] });
    const applied = applyFieldErrors(form, err, onlyFields('skus'));
    expect(set).toEqual([{ name: ['skus', 0, 'code'], errors: ['too long'] }]);
    expect(applied).toEqual({ unmatched: ['other: nope'], first: ['skus', 0, 'code'] });
  });

  it("can show a conflict's localized detail under the field instead of its bare 'taken'", () => {
    const { form, set } = recordingForm();
    applyFieldErrors(form, conflict, onlyFields('name'), () => conflict.message);
    expect(set).toEqual([{ name: ['name'], errors: ['已有名为“运营重点”的标签组'] }]);
    const plain = recordingForm();
    applyFieldErrors(plain.form, conflict, onlyFields('name'));
    expect(plain.set).toEqual([{ name: ['name'], errors: ['taken'] }]);
  });
});
