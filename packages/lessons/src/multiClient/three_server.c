#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#define BUFF_SIZE 1024

int main(void)
{
    int server_socket, client_socket[3], i, str_len;
    struct sockaddr_in server_addr, client_addr;
    socklen_t client_addr_size;
    char buff_rcv[BUFF_SIZE + 1], buff_snd[BUFF_SIZE + 16];

    server_socket = socket(PF_INET, SOCK_STREAM, 0);
    memset(&server_addr, 0, sizeof(server_addr));
    server_addr.sin_family      = AF_INET;
    server_addr.sin_port        = htons(4000);
    server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (-1 == bind(server_socket, (struct sockaddr*)&server_addr, sizeof(server_addr)))
    { printf("bind() 실행 에러\n"); exit(1); }
    if (-1 == listen(server_socket, 5))
    { printf("대기상태 모드 설정 실패\n"); exit(1); }

    for (i = 0; i < 3; i++) {
        client_addr_size = sizeof(client_addr);
        client_socket[i] = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);
    }
    close(server_socket);                    /* no more clients; the three stay connected */

    for (i = 0; i < 3; i++) {                /* serve them in turn */
        str_len = read(client_socket[i], buff_rcv, BUFF_SIZE);
        buff_rcv[str_len] = 0;
        sprintf(buff_snd, "%d : %s", (int)strlen(buff_rcv), buff_rcv);
        write(client_socket[i], buff_snd, strlen(buff_snd));
    }
    for (i = 0; i < 3; i++)
        close(client_socket[i]);
    return 0;
}
