/**
 * The HCL grammar, run by the engine VS Code itself uses (vscode-textmate on
 * the Oniguruma regex library, compiled to wasm): scopes on a sample template.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const grammarFiles: Record<string, string> = {
  'source.hcl.packer': join(root, 'client', 'syntaxes', 'packer.tmLanguage.json'),
  'source.hcl.packer-vars': join(root, 'client', 'syntaxes', 'packer-vars.tmLanguage.json'),
};

let registry: textmate.Registry;

beforeAll(async () => {
  const wasm = readFileSync(join(require.resolve('vscode-oniguruma'), '..', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      const file = grammarFiles[scopeName];
      return file ? textmate.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
  });
});

/** Each token's text and its scopes, line by line. */
async function tokenize(text: string, scope = 'source.hcl.packer'): Promise<Array<{ text: string; scopes: string[] }>> {
  const grammar = await registry.loadGrammar(scope);
  if (!grammar) throw new Error(`no grammar ${scope}`);
  let state = textmate.INITIAL;
  const out: Array<{ text: string; scopes: string[] }> = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) out.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  }
  return out;
}

/** The scopes of the first token whose text is exactly `text` (after `after` tokens matching it are skipped). */
function scopesOf(tokens: Array<{ text: string; scopes: string[] }>, text: string, nth = 0): string[] {
  const hits = tokens.filter((t) => t.text === text);
  if (!hits[nth]) throw new Error(`no token "${text}" #${nth} in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return hits[nth]!.scopes;
}

const sample = `# a comment
// another
/* block
   comment */
variable "size" {
  type    = number
  default = 2048
}

source "chroot" "pi" {
  image_size      = "\${var.size}M"
  from_scratch    = false
  command_wrapper = "sudo {{.Command}}"
  mount_path      = "/mnt/{{ .Device | lower }}"
  chroot_env      = { LANG = "C" }
  escaped         = "$\${not} %%{no} \\"q\\""
  ratio           = 1.5e3
}

build {
  sources = ["source.chroot.pi"]
  provisioner "shell" {
    inline = [<<-EOF
      echo \${upper(source.name)} > /etc/x
      echo {{ .MountPath }}
    EOF
    ]
    pause_before = null
  }
}`;

describe('HCL grammar (vscode-textmate + vscode-oniguruma)', () => {
  let tokens: Array<{ text: string; scopes: string[] }>;
  beforeAll(async () => {
    tokens = await tokenize(sample);
  });

  it('scopes the three comment forms', () => {
    expect(scopesOf(tokens, ' a comment')).toContain('comment.line.number-sign.hcl');
    expect(scopesOf(tokens, ' another')).toContain('comment.line.double-slash.hcl');
    expect(scopesOf(tokens, '   comment ')).toContain('comment.block.hcl');
  });

  it('scopes block types and labels, quoted or not', () => {
    expect(scopesOf(tokens, 'variable')).toContain('entity.name.type.block.hcl');
    expect(scopesOf(tokens, 'source')).toContain('entity.name.type.block.hcl');
    expect(scopesOf(tokens, 'build')).toContain('entity.name.type.block.hcl');
    expect(scopesOf(tokens, 'provisioner')).toContain('entity.name.type.block.hcl');
    expect(scopesOf(tokens, 'chroot')).toContain('entity.name.label.hcl');
    expect(scopesOf(tokens, 'pi')).toContain('entity.name.label.hcl');
    expect(scopesOf(tokens, 'shell')).toContain('entity.name.label.hcl');
    expect(scopesOf(tokens, '{')).toContain('punctuation.section.block.begin.hcl');
  });

  it('scopes attribute names and assignments, including keys inside object values', () => {
    expect(scopesOf(tokens, 'image_size')).toContain('variable.other.property.hcl');
    expect(scopesOf(tokens, 'pause_before')).toContain('variable.other.property.hcl');
    expect(scopesOf(tokens, 'LANG')).toContain('variable.other.property.hcl');
    expect(scopesOf(tokens, '=')).toContain('keyword.operator.assignment.hcl');
  });

  it('scopes numbers, booleans and null', () => {
    expect(scopesOf(tokens, '2048')).toContain('constant.numeric.hcl');
    expect(scopesOf(tokens, '1.5e3')).toContain('constant.numeric.hcl');
    expect(scopesOf(tokens, 'false')).toContain('constant.language.hcl');
    expect(scopesOf(tokens, 'null')).toContain('constant.language.hcl');
  });

  it('scopes ${ } interpolation inside strings, with the expression inside', () => {
    const open = scopesOf(tokens, '${');
    expect(open).toContain('string.quoted.double.hcl');
    expect(open).toContain('meta.interpolation.hcl');
    expect(open).toContain('punctuation.section.interpolation.begin.hcl');
    expect(scopesOf(tokens, 'var')).toEqual(
      expect.arrayContaining(['meta.interpolation.hcl', 'variable.language.hcl']),
    );
    expect(scopesOf(tokens, 'size', 1)).toEqual(
      expect.arrayContaining(['meta.interpolation.hcl', 'variable.other.member.hcl']),
    );
    // The text after the interpolation is string again, not expression.
    expect(scopesOf(tokens, 'M')).toEqual(['source.hcl.packer', 'meta.block.hcl', 'string.quoted.double.hcl']);
  });

  it('scopes {{ }} Go-template actions inside strings, with fields, pipes and functions', () => {
    const open = scopesOf(tokens, '{{');
    expect(open).toEqual(
      expect.arrayContaining([
        'string.quoted.double.hcl',
        'meta.template.go.hcl',
        'punctuation.section.template.begin.hcl',
      ]),
    );
    expect(scopesOf(tokens, '.Command')).toContain('variable.other.field.go-template.hcl');
    expect(scopesOf(tokens, '.Device')).toContain('variable.other.field.go-template.hcl');
    expect(scopesOf(tokens, '|')).toContain('keyword.operator.pipe.go-template.hcl');
    expect(scopesOf(tokens, 'lower')).toContain('support.function.go-template.hcl');
    expect(scopesOf(tokens, '}}')).toContain('punctuation.section.template.end.hcl');
  });

  it('scopes escapes: $${ and %%{ are literal text, \\" is an escape', () => {
    expect(scopesOf(tokens, '$${')).toContain('constant.character.escape.template.hcl');
    expect(scopesOf(tokens, '%%{')).toContain('constant.character.escape.template.hcl');
    expect(scopesOf(tokens, '\\"')).toContain('constant.character.escape.hcl');
    // "$${not}" opens no interpolation.
    expect(scopesOf(tokens, 'not} ')).not.toContain('meta.interpolation.hcl');
  });

  it('scopes heredocs as strings up to the closing marker, with ${ } and {{ }} inside', () => {
    expect(scopesOf(tokens, '<<-')).toContain('keyword.operator.heredoc.hcl');
    expect(scopesOf(tokens, 'EOF')).toContain('keyword.control.heredoc-token.hcl');
    expect(scopesOf(tokens, 'upper')).toEqual(
      expect.arrayContaining(['string.unquoted.heredoc.hcl', 'meta.interpolation.hcl', 'support.function.hcl']),
    );
    expect(scopesOf(tokens, '.MountPath')).toEqual(
      expect.arrayContaining(['string.unquoted.heredoc.hcl', 'meta.template.go.hcl']),
    );
    expect(scopesOf(tokens, 'EOF', 1)).toContain('keyword.control.heredoc-token.hcl');
    // After the marker, the file is HCL again.
    expect(scopesOf(tokens, 'pause_before')).not.toContain('string.unquoted.heredoc.hcl');
  });

  it('closes every block: the last brace ends at the top level', async () => {
    const last = tokens[tokens.length - 1]!;
    expect(last.text).toBe('}');
    expect(last.scopes).toEqual(['source.hcl.packer', 'meta.block.hcl', 'punctuation.section.block.end.hcl']);
  });

  it('the packer-vars grammar includes the packer grammar', async () => {
    const vars = await tokenize('size = 4096 # MiB\nname = "pi-${"x"}"', 'source.hcl.packer-vars');
    expect(scopesOf(vars, 'size')).toEqual(['source.hcl.packer-vars', 'variable.other.property.hcl']);
    expect(scopesOf(vars, '4096')).toContain('constant.numeric.hcl');
    expect(scopesOf(vars, ' MiB')).toContain('comment.line.number-sign.hcl');
    expect(scopesOf(vars, '${')).toContain('meta.interpolation.hcl');
  });
});
