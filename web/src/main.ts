import { createApp } from 'vue'
import './app/element-styles'
import './app/theme.css'
import App from './app/App.vue'
import { router } from './app/router'
import { askEarly } from './evaluations/listQuery'

askEarly()
createApp(App).use(router).mount('#app')
