import { SnakeNamingStrategy } from './snake-naming.strategy';

describe(SnakeNamingStrategy.name, () => {
  const sut = new SnakeNamingStrategy();

  it('turns camelCase properties into snake_case columns', () => {
    expect(sut.columnName('peakMemoryBytes', undefined, [])).toBe('peak_memory_bytes');
    expect(sut.columnName('sha256', undefined, [])).toBe('sha256');
    expect(sut.columnName('s3Key', undefined, [])).toBe('s3_key');
  });

  it('keeps an explicit column name but still snake-cases it', () => {
    expect(sut.columnName('anything', 'keycloakId', [])).toBe('keycloak_id');
  });

  it('names join columns after the relation and the referenced column', () => {
    expect(sut.joinColumnName('toolVersion', 'id')).toBe('tool_version_id');
  });
});
