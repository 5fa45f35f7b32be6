import * as assert from 'assert';
import { containsPhrase, terms, tokenize } from '../../src/orchestrator/text/text-normalize';
import { porterStem } from '../../src/orchestrator/text/porter-stemmer';

describe('text normalization', () => {
  it('reads words in any script: accents folded, Cyrillic and Korean whole, Japanese and Chinese cut into words', () => {
    assert.deepStrictEqual(terms('Spécialiste café'), terms('specialiste cafe'));
    assert.deepStrictEqual(terms('Специалист по оптимизации запросов'), ['специалист', 'по', 'оптимизации', 'запросов']);
    assert.deepStrictEqual(terms('데이터베이스 연결'), ['데이터베이스', '연결']);
    assert.ok(terms('データベース接続を管理する').includes('データベース'));
    assert.ok(terms('日本語を話す').includes('日本語'));
    // English with typographic punctuation reads as before: the same words.
    assert.deepStrictEqual(terms('it’s the “checkout” page — broken…'), terms('it\'s the "checkout" page - broken...'));
  });

  it('stems plurals and verb forms to one term', () => {
    assert.deepStrictEqual(terms('APIs tests testing tested'), ['api', 'test', 'test', 'test']);
    assert.strictEqual(porterStem('relational'), 'relat');
    assert.strictEqual(porterStem('caresses'), 'caress');
    assert.strictEqual(porterStem('hopping'), 'hop');
    assert.strictEqual(porterStem('generalization'), 'gener');
  });

  it('maps abbreviations so "auth" meets "authentication" and "k8s" meets "kubernetes"', () => {
    assert.deepStrictEqual(terms('auth'), terms('authentication'));
    assert.deepStrictEqual(terms('authenticate'), terms('authentication'));
    assert.deepStrictEqual(terms('k8s'), terms('Kubernetes'));
    assert.deepStrictEqual(terms('docs'), terms('documentation'));
  });

  it('joins compounds written in several ways', () => {
    assert.deepStrictEqual(terms('front end'), terms('front-end'));
    assert.deepStrictEqual(terms('front-end'), terms('frontend'));
    assert.deepStrictEqual(terms('end-to-end tests'), terms('e2e test'));
    assert.deepStrictEqual(tokenize('Next.js and C++ and C#'), ['nextjs', 'and', 'cpp', 'and', 'csharp']);
  });

  it('splits version suffixes the same way as hyphenated names', () => {
    assert.deepStrictEqual(terms('OAuth2'), terms('oauth 2'));
    assert.deepStrictEqual(terms('ERC20'), terms('ERC-20'));
    assert.deepStrictEqual(terms('i2c s3'), ['i2c', 's3']);
  });

  it('drops stop words and possessives', () => {
    assert.deepStrictEqual(terms("We need the monolith's billing module"), ['monolith', 'bill', 'modul']);
  });

  it('finds contiguous phrases only', () => {
    assert.ok(containsPhrase(['design', 'rest', 'api'], ['rest', 'api']));
    assert.ok(!containsPhrase(['rest', 'design', 'api'], ['rest', 'api']));
    assert.ok(!containsPhrase(['api'], []));
  });
});
