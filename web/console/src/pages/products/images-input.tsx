import { Button, Input } from 'antd';
import { DeleteOutlined, PictureOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** Product images as a list of URLs (uploads come later), each with a small preview. */
export function ImagesInput(props: { value?: string[]; onChange?: (value: string[]) => void; disabled?: boolean; id?: string }) {
  const { t } = useTranslation();
  const urls = props.value ?? [];
  return (
    <div id={props.id} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      {urls.map((url, i) => (
        <div key={i} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          {/^https?:\/\//.test(url) ? (
            <img className="product-thumb" src={url} alt="" style={{ width: 32, height: 32 }} />
          ) : (
            <span className="product-thumb" style={{ width: 32, height: 32, fontSize: 14 }}>
              <PictureOutlined />
            </span>
          )}
          <Input
            value={url}
            disabled={props.disabled}
            placeholder={t('products.fields.imagePlaceholder')}
            onChange={(e) => props.onChange?.(urls.map((u, j) => (j === i ? e.target.value : u)))}
          />
          {!props.disabled && (
            <Button
              type="text"
              icon={<DeleteOutlined />}
              aria-label={t('common.remove')}
              onClick={() => props.onChange?.(urls.filter((_, j) => j !== i))}
            />
          )}
        </div>
      ))}
      {!props.disabled && (
        <Button
          type="dashed"
          icon={<PlusOutlined />}
          style={{ alignSelf: 'flex-start' }}
          onClick={() => props.onChange?.([...urls, ''])}
        >
          {t('products.fields.addImage')}
        </Button>
      )}
    </div>
  );
}
