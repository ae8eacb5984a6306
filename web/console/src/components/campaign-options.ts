import { useEffect, useRef, useState } from 'react';
import { api, type Page } from '../api/client';
import type { Campaign, CampaignSummary } from '../api/types';

/** Campaigns to filter by: searched as you type, plus the one in the URL so its title shows. */
export function useCampaignOptions(selectedId: string) {
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [selected, setSelected] = useState<{ value: string; label: string } | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      api.get<Page<CampaignSummary>>('/campaigns', { q, limit: 20 }).then(
        (page) => {
          if (mine === seq.current) setOptions(page.items.map((c) => ({ value: c.id, label: c.title })));
        },
        () => undefined,
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [q]);

  useEffect(() => {
    if (!selectedId) return;
    let cancelled = false;
    api.get<Campaign>(`/campaigns/${selectedId}`).then(
      (c) => !cancelled && setSelected({ value: c.id, label: c.title }),
      () => !cancelled && setSelected({ value: selectedId, label: selectedId }),
    );
    return () => {
      cancelled = true;
    };
  }, [selectedId]);

  const merged = selected && !options.some((o) => o.value === selected.value) ? [selected, ...options] : options;
  return { options: merged, setQ };
}
