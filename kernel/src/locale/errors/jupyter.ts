// Russian for the errors thrown under kernel/src/jupyter (keys: see catalogue.ts).
import type { ErrorCatalogue } from "./catalogue.js";

export const ru: ErrorCatalogue = {
  "comms are only available inside the gradbook Jupyter kernel":
    "comm-каналы (comms) доступны только внутри Jupyter-ядра gradbook",
  "comm {0} ({1}) is closed; open a new one":
    "comm {0} ({1}) закрыт; откройте новый",
  "{0}: options must be an object like { id: \"loss\", update: true }, got {1}":
    "{0}: параметры должны быть объектом вида { id: \"loss\", update: true }, получено {1}",
  "{0}: id must be a non-empty string, got {1}":
    "{0}: id должно быть непустой строкой, получено {1}",
  "{0}: update: true needs the id of the output to replace, e.g. { id: \"loss\", update: true }":
    "{0}: для update: true нужен id заменяемого вывода, например { id: \"loss\", update: true }",
  "display: unknown option {0}; the options are id and update":
    "display: неизвестный параметр {0}; допустимые параметры — id и update",
  "display: with metadata, the first argument must be a MIME bundle like { \"text/plain\": \"hi\" }, got {0}":
    "display: вместе с metadata первый аргумент должен быть MIME-набором вида { \"text/plain\": \"hi\" }, получено {0}",
  "display: metadata must be an object of MIME type → metadata, got {0}":
    "display: metadata должно быть объектом «MIME-тип → метаданные», получено {0}",
  "display.png: expected PNG bytes (Uint8Array) or a base64 string, got {0}":
    "display.png: ожидались байты PNG (Uint8Array) или строка base64, получено {0}",
  "display.json: {0} is not JSON-serialisable":
    "display.json: {0} нельзя сериализовать в JSON",
  "input: standard input closed before an answer to {0}":
    "input: стандартный ввод закрылся раньше, чем пришёл ответ на {0}",
  "display: [Symbol.for(\"gradbook.mimebundle\")]() must return an object of MIME type → data, got {0}":
    "display: [Symbol.for(\"gradbook.mimebundle\")]() должен возвращать объект «MIME-тип → данные», получено {0}",
  "progress: {0} must be a finite number ≥ 0, got {1}":
    "progress: {0} должно быть конечным числом ≥ 0, получено {1}",
  "progress: expected a number of steps or an iterable, got {0}":
    "progress: ожидалось число шагов или итерируемый объект, получено {0}",
  "{0} was refused: ending the process would kill the kernel and lose every variable. To start over, use Kernel → Restart.":
    "Вызов {0} отклонён: завершение процесса остановило бы ядро, и все переменные были бы потеряны. Чтобы начать заново, выберите Kernel → Restart.",
  "the cell was interrupted (Kernel → Interrupt)":
    "выполнение ячейки прервано (Kernel → Interrupt)",
  "input() can only be used while a cell is running (not from a timer after its cell ended)":
    "input() можно вызывать только во время выполнения ячейки (а не из таймера после того, как ячейка завершилась)",
  "input() is not available: this frontend does not accept input (allow_stdin is false)":
    "input() недоступен: этот интерфейс не принимает ввод (allow_stdin равно false)",
  "input() is already waiting for an answer; await it before asking again":
    "input() уже ждёт ответа; дождитесь его (await), прежде чем спрашивать снова",
};
