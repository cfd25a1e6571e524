// Shows the tutor's markdown, sanitised by render/markdown.ts (the only place that makes HTML from model text).
import { memo, useMemo } from 'react';
import 'katex/dist/katex.min.css';
import './markdown.css';
import { renderMarkdown } from '../render/markdown.ts';

export const Markdown = memo(function Markdown({ source, testId }: { source: string; testId?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div className="markdown" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
});
