import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { loadLanguage, saveLanguage, type Language } from '../../shared/language';

/** Member page strings, zh-CN (the default). */
const zhCN = {
  appName: 'Tuan 团',
  switchLanguage: 'English',
  loading: '加载中…',
  login: {
    title: '会员登录',
    subtitle: '使用手机号和短信验证码登录',
    phone: '手机号',
    phonePlaceholder: '请输入 11 位手机号',
    phoneInvalid: '请输入正确的 11 位手机号',
    code: '验证码',
    codePlaceholder: '6 位验证码',
    codeInvalid: '请输入短信中的验证码',
    getCode: '获取验证码',
    resendIn: '{{seconds}} 秒后重发',
    resend: '重新获取',
    codeSent: '验证码已发送至 {{phone}}，{{minutes}} 分钟内有效',
    submit: '登录',
    demoHint: '演示：手机号 13800000001，验证码可在管理后台「沙箱短信」中查看。',
    agreement: '登录即表示同意品牌的会员服务条款与隐私政策。',
    networkError: '网络异常，请稍后重试',
  },
  home: {
    greeting: '你好，{{name}}',
    welcome: '你好，欢迎回来',
    phone: '手机号 {{phone}}',
    orders: '我的订单',
    ordersEmpty: '订单功能即将上线',
    ordersHint: '参加团购后，可以在这里查看订单和自提码。',
    referrals: '我的推荐',
    referralsEmpty: '推荐功能即将上线',
    referralsHint: '上线后，你可以分享团购链接给好友，并在这里看到推荐记录。',
    logout: '退出登录',
    loggedOutFailed: '退出失败，请重试',
  },
};

export type MemberMessages = typeof zhCN;

const en: MemberMessages = {
  appName: 'Tuan',
  switchLanguage: '中文',
  loading: 'Loading…',
  login: {
    title: 'Member sign-in',
    subtitle: 'Sign in with your phone number and an SMS code',
    phone: 'Phone',
    phonePlaceholder: '11-digit mobile number',
    phoneInvalid: 'Enter a valid 11-digit mobile number',
    code: 'Code',
    codePlaceholder: '6-digit code',
    codeInvalid: 'Enter the code from the SMS',
    getCode: 'Get code',
    resendIn: 'Resend in {{seconds}}s',
    resend: 'Resend',
    codeSent: 'Code sent to {{phone}}, valid for {{minutes}} min',
    submit: 'Sign in',
    demoHint: 'Demo: phone 13800000001; the code appears under "Sandbox SMS" in the console.',
    agreement: "By signing in you accept the brand's member terms and privacy policy.",
    networkError: 'Network problem, please try again',
  },
  home: {
    greeting: 'Hello, {{name}}',
    welcome: 'Hello, welcome back',
    phone: 'Phone {{phone}}',
    orders: 'My orders',
    ordersEmpty: 'Orders are coming soon',
    ordersHint: 'After you join a group-buy, your orders and pickup codes will show here.',
    referrals: 'My referrals',
    referralsEmpty: 'Referrals are coming soon',
    referralsHint: 'Soon you can share group-buy links with friends and see your referrals here.',
    logout: 'Sign out',
    loggedOutFailed: 'Could not sign out, please try again',
  },
};

const initial = loadLanguage();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { member: zhCN }, en: { member: en } },
  ns: ['member'],
  defaultNS: 'member',
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = initial;

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export async function toggleLanguage(): Promise<void> {
  const next: Language = currentLanguage() === 'en' ? 'zh-CN' : 'en';
  saveLanguage(next);
  await i18n.changeLanguage(next);
}
