// Entry for the TypeORM CLI (npm run migration:*): the same options the application uses.
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '../config/app-config';
import { buildDataSourceOptions } from './data-source';

export default new DataSource(buildDataSourceOptions(loadConfigOrExit()));
