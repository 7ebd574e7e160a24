export { pipelineMigration } from './migrations/0001-pipeline.js';
