import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './member.css';
import { App } from './app';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
