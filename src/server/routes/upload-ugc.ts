/** `/upload_ugc` (signed; 2018–2019 era): REPLACE INTO tb_ugc with create_time = now. */
import { ok } from '../envelope.js';
import { endpoint } from './endpoint.js';

export const uploadUgc = endpoint({
  name: 'upload_ugc',
  auth: 'liteav-sig',
  rules: [
    {
      field: 'file_id',
      type: 'string',
      required: true,
      max: 150,
      pattern: { re: /^[a-zA-Z0-9_]+$/, text: '/^[a-zA-Z0-9_]+$/' },
    },
    { field: 'title', type: 'string', required: true, max: 128 },
    { field: 'frontcover', type: 'string', required: false, max: 255 },
    { field: 'location', type: 'string', required: false, max: 128 },
    // The PHP regex, sloppy `A-z` included (docs/app-protocol.md#upload_ugc); unanchored at the end like preg_match.
    {
      field: 'play_url',
      type: 'string',
      required: true,
      max: 255,
      pattern: { re: /[a-zA-z]+:\/\/[^\s]*/, text: '/[a-zA-z]+:\\/\\/[^\\s]*/' },
    },
  ],
  async handle(ctx, { userid, params }) {
    await ctx.store.upsertUgc({
      userid,
      fileId: params.file_id as string,
      title: params.title as string,
      frontcover: (params.frontcover as string | undefined) ?? null,
      location: (params.location as string | undefined) ?? null,
      playUrl: params.play_url as string,
      createTime: new Date(ctx.now() * 1000),
    });
    return ok();
  },
});
