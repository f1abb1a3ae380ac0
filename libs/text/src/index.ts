export * from './cut-text';
export * from './html-to-text';
