import { describe, expect, it } from 'vitest';
import { locateInGoTemplate } from '../../template/interpolation/locate-go-template.js';
import { parseGoTemplateText } from '../../template/interpolation/parse-go-template.js';

const at = (character: number, line = 0) => ({ line, character });

describe('locateInGoTemplate', () => {
  const text = 'x {{ split .Device "," 1 | upper }} y {{ (lower .MountPath) }}';
  const template = parseGoTemplateText(text);

  it('is undefined outside actions', () => {
    expect(locateInGoTemplate(template, at(0))).toBeUndefined();
    expect(locateInGoTemplate(template, at(text.indexOf(' y ') + 1))).toBeUndefined();
  });

  it('finds the function name as argument 0', () => {
    const loc = locateInGoTemplate(template, at(text.indexOf('split') + 2))!;
    expect(loc.operand).toMatchObject({ kind: 'identifier', name: 'split' });
    expect(loc.argumentIndex).toBe(0);
  });

  it('finds a field argument and its index', () => {
    const loc = locateInGoTemplate(template, at(text.indexOf('.Device') + 3))!;
    expect(loc.operand).toMatchObject({ kind: 'field', names: [{ name: 'Device' }] });
    expect(loc.argumentIndex).toBe(1);
    expect(loc.command!.args[0]).toMatchObject({ name: 'split' });
  });

  it('gives the next argument index between arguments', () => {
    const loc = locateInGoTemplate(template, at(text.indexOf('"," 1') + 4))!;
    expect(loc.operand).toMatchObject({ kind: 'number' });
    const between = locateInGoTemplate(template, at(text.indexOf('"," 1') + 3))!;
    expect(between.argumentIndex).toBe(2);
  });

  it('finds the piped command', () => {
    const loc = locateInGoTemplate(template, at(text.indexOf('upper') + 1))!;
    expect(loc.command!.args[0]).toMatchObject({ name: 'upper' });
  });

  it('descends into parentheses', () => {
    const loc = locateInGoTemplate(template, at(text.indexOf('.MountPath') + 1))!;
    expect(loc.operand).toMatchObject({ kind: 'field', names: [{ name: 'MountPath' }] });
    expect(loc.command!.args[0]).toMatchObject({ name: 'lower' });
    expect(loc.argumentIndex).toBe(1);
  });

  it('continues the last command after its arguments', () => {
    const t = parseGoTemplateText('{{ split "a" }}');
    const loc = locateInGoTemplate(t, at(13))!;
    expect(loc.command!.args[0]).toMatchObject({ name: 'split' });
    expect(loc.argumentIndex).toBe(2);
  });
});
