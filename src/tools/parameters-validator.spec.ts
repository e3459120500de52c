import { ValidationProblem } from '../common/problem.exception';
import { ParametersValidator } from './parameters-validator';

const beamSchema = {
  type: 'object',
  required: ['lengthM', 'loadN'],
  additionalProperties: false,
  properties: {
    lengthM: { type: 'number', exclusiveMinimum: 0, 'x-unit': 'm' },
    loadN: { type: 'number' },
    material: {
      type: 'object',
      default: {},
      properties: { youngModulusPa: { type: 'number', default: 200e9 } },
    },
  },
};

describe(ParametersValidator.name, () => {
  const sut = new ParametersValidator();

  it('applies defaults, nested ones included, without touching the input', () => {
    const input = { lengthM: 2, loadN: 1000 };
    expect(sut.validate('v1', beamSchema, input)).toEqual({
      lengthM: 2,
      loadN: 1000,
      material: { youngModulusPa: 200e9 },
    });
    expect(input).toEqual({ lengthM: 2, loadN: 1000 });
  });

  it('reports every problem with a field path under parameters', () => {
    let problem: ValidationProblem | undefined;
    try {
      sut.validate('v1', beamSchema, { lengthM: -1, colour: 'red', material: { youngModulusPa: 'steel' } });
    } catch (error) {
      problem = error as ValidationProblem;
    }
    expect(problem).toBeInstanceOf(ValidationProblem);
    expect(problem?.fieldErrors.map((error) => error.path).sort()).toEqual([
      'parameters.colour',
      'parameters.lengthM',
      'parameters.loadN',
      'parameters.material.youngModulusPa',
    ]);
  });

  it('accepts a valid draft 2020-12 schema and reports an invalid one with paths', () => {
    expect(sut.checkSchema(beamSchema)).toEqual([]);
    const errors = sut.checkSchema({ type: 'object', properties: { n: { type: 'integer', minimum: 'zero' } } });
    expect(errors[0].path).toBe('parametersSchema.properties.n.minimum');
  });

  it('requires an object schema at the root', () => {
    expect(sut.checkSchema({ type: 'array' })).toEqual([expect.objectContaining({ path: 'parametersSchema.type' })]);
  });

  it('reports a schema that is valid JSON Schema but cannot be compiled', () => {
    const errors = sut.checkSchema({ type: 'object', properties: { n: { $ref: '#/$defs/missing' } } });
    expect(errors[0].message).toMatch(/missing/);
  });
});
