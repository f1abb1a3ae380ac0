export { cutText } from './cut-text';
export { htmlToText } from './html-to-text';
